#!/usr/bin/env node
// Prints the version each Pulumi language host binary reports about itself, asked the way the engine asks it:
// start the host, read the port it prints, call LanguageRuntime.GetPluginInfo, stop the host. Used by the demo
// banner and the e2e header so they show what actually ran, whatever built or installed it.
//
// Usage: node tools/pulumi-cli/plugin-version.js BINARY...
// stdout: one line per binary, "<file name> <version>"; exit 1 (reason on stderr) if any binary cannot answer.
"use strict";
const { spawn } = require("child_process");
const path = require("path");
const grpc = require("@grpc/grpc-js");
const { LanguageRuntimeClient } = require("@pulumi/pulumi/proto/language_grpc_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

const TIMEOUT_MS = 30_000;

function pluginVersion(binary) {
  return new Promise((resolve, reject) => {
    // No engine address: the host serves without health-checking an engine.
    const host = spawn(binary, [], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let client;
    const finish = (error, version) => {
      clearTimeout(timer);
      client?.close();
      host.kill();
      if (error) reject(new Error(`${binary}: ${error.message}${stderr ? `\n${stderr.trim()}` : ""}`));
      else resolve(version);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${TIMEOUT_MS / 1000}s`)), TIMEOUT_MS);
    host.on("error", (e) => finish(e));
    host.on("exit", (code) => client || finish(new Error(`exited with code ${code} before printing its port`)));
    host.stderr.on("data", (chunk) => (stderr += chunk));
    host.stdout.on("data", (chunk) => {
      stdout += chunk;
      const port = /^(\d+)\n/.exec(stdout)?.[1];
      if (!port || client) return;
      client = new LanguageRuntimeClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      client.getPluginInfo(new Empty(), (error, info) => finish(error, info?.getVersion() || "(no version)"));
    });
  });
}

async function main(binaries) {
  if (binaries.length === 0) {
    console.error("usage: plugin-version.js BINARY...");
    process.exit(2);
  }
  let failed = false;
  for (const binary of binaries) {
    try {
      console.log(`${path.basename(binary)} ${await pluginVersion(binary)}`);
    } catch (e) {
      console.error(`plugin-version: ${e.message}`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

void main(process.argv.slice(2));

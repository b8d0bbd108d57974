// STAND-IN Node.js language host for expressroute-m365-guard. This is NOT Pulumi's pulumi-language-nodejs.
//
// Pulumi's own Node.js language host cannot be built here (the Go module proxy does not serve
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), so scripts/ensure-pulumi.sh builds this
// small program under that name, next to the real Pulumi CLI. It does just enough for `pulumi preview` of a
// Node.js program with a local Node.js policy pack, so that the real CLI, engine, @pulumi/pulumi program runtime
// and @pulumi/policy runtime run end to end:
//
//   - Run starts `node <@pulumi/pulumi>/cmd/run` with the flags and environment that script reads.
//   - RunPlugin (kind analyzer only) starts `node <@pulumi/pulumi>/cmd/run-policy-pack` behind sdk.PolicyProxy,
//     which answers the engine's Handshake/ConfigureStack and forwards everything else to the pack.
//   - GetRequiredPlugins/GetRequiredPackages report nothing: providers come from the `plugins` section of the
//     program's Pulumi.yaml or are loaded on demand, and nothing is ever downloaded.
//
// Not implemented: dependency installation (no-op), program dependency listing (empty), synchronous invokes
// (--sync pipes), debugger attach, the Bun runtime, running non-analyzer plugins, code generation, packing,
// linking and templates.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// cliVersion is the Pulumi CLI version this stand-in is built next to (set with -ldflags by ensure-pulumi.sh).
var cliVersion = "0.0.0"

// @pulumi/pulumi's run script exits with this code after it has already shown the user an error.
const exitAfterUserMessage = 32

func pluginVersion() string { return cliVersion + "-standin" }

func main() {
	// The CLI may pass glog-style flags (-v, --logtostderr, ...); the sdk's logging package registers them.
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.String("tracing", "", "ignored: the stand-in does not emit traces")
	flag.Parse()
	if *showVersion {
		fmt.Printf("%s (stand-in Node.js language host of expressroute-m365-guard, not Pulumi's)\n", pluginVersion())
		return
	}

	var engineAddress string
	if flag.NArg() > 0 {
		engineAddress = flag.Arg(0)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cancel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancel)
	}()

	// Exit with the engine rather than linger as an orphan.
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			fail("could not start the engine health check: %v", err)
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{engineAddress: engineAddress})
			return nil
		},
	})
	if err != nil {
		fail("could not start the language host gRPC server: %v", err)
	}
	// The CLI reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fail("language host gRPC server stopped: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "stand-in pulumi-language-nodejs: "+format+"\n", args...)
	os.Exit(1)
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pluginVersion()}, nil
}

func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) InstallDependencies(
	_ *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return server.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("stand-in Node.js language host: not installing dependencies; run `npm ci` yourself.\n"),
	})
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
		Metadata:   map[string]string{"languageHost": "stand-in (expressroute-m365-guard), not Pulumi's"},
	}, nil
}

// Run executes the program with @pulumi/pulumi's own run script and reports how it ended.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	node, sdkDir, err := locateNodeAndSDK(info.GetProgramDirectory())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts := parseOptions(info)

	// Node's own flags (runtime option `nodeargs`) go before the script.
	args := append(opts.nodeArgs, filepath.Join(sdkDir, "cmd", "run"))
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engineAddress)
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", info.GetRootDirectory())
	flagArg("stack", req.GetStack())
	flagArg("pwd", info.GetProgramDirectory())
	if req.GetParallel() > 0 {
		flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(orEmpty(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(orEmptySlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	env = append(env, opts.env()...)

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = env
	// Copy through pipes: Node may switch a shared stdout/stderr file to non-blocking mode under us.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitAfterUserMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin starts a Node.js policy pack. The engine talks to sdk.PolicyProxy first: its ConfigureStack call
// carries the stack, project and config that @pulumi/policy reads from the environment, so the pack process
// can only be started once that call has arrived.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != "analyzer" {
		return status.Errorf(codes.Unimplemented,
			"the stand-in Node.js language host only runs policy packs, not %q plugins", req.GetKind())
	}
	ctx := server.Context()
	info := req.GetInfo()
	packDir := info.GetProgramDirectory()

	node, sdkDir, err := locateNodeAndSDK(packDir)
	if err != nil {
		return err
	}

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("no stack configuration from the engine: %w", err)
	}

	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	opts := parseOptions(info)
	env = append(env, opts.env()...)
	if stack != nil {
		setIf := func(key, value string) {
			if value != "" {
				env = append(env, key+"="+value)
			}
		}
		setIf("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
		setIf("PULUMI_NODEJS_PROJECT", stack.GetProject())
		setIf("PULUMI_NODEJS_STACK", stack.GetStack())
		setIf("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
		if stack.GetConfig() != nil {
			config, err := json.Marshal(stack.GetConfig())
			if err != nil {
				return err
			}
			setIf("PULUMI_CONFIG", string(config))
		}
	}

	// run-policy-pack takes <engine address> <pack dir>; the engine passes its address as the only argument.
	args := append(opts.nodeArgs, filepath.Join(sdkDir, "cmd", "run-policy-pack"))
	args = append(args, req.GetArgs()...)
	args = append(args, packDir)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = packDir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = packStdout, stderr
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return fmt.Errorf("could not start the policy pack: %w", err)
	}
	// Attach reads the pack's port from its stdout, connects, replays ConfigureStack and waits for the exit.
	if err := proxy.Attach(ctx, cmd); err != nil {
		return fmt.Errorf("policy pack: %w", err)
	}
	return closer.Close()
}

// locateNodeAndSDK finds `node` on PATH and the @pulumi/pulumi package that `dir` resolves, the way Node.js
// would: the nearest node_modules/@pulumi/pulumi going up from dir. Symlinks are resolved so that the run
// script and the program share one copy of the SDK.
func locateNodeAndSDK(dir string) (string, string, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return "", "", fmt.Errorf("node is not on PATH: %w", err)
	}
	for d := dir; ; {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi")
		if _, err := os.Stat(filepath.Join(candidate, "cmd", "run")); err == nil {
			real, err := filepath.EvalSymlinks(candidate)
			return node, real, err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", fmt.Errorf("@pulumi/pulumi is not installed in %s or any parent directory; run `npm ci`", dir)
		}
		d = parent
	}
}

// options are the `runtime.options` of Pulumi.yaml (or PulumiPolicy.yaml) that the stand-in honours.
type options struct {
	typescript bool
	tsconfig   string
	nodeArgs   []string
}

func parseOptions(info *pulumirpc.ProgramInfo) options {
	opts := options{typescript: true}
	m := info.GetOptions().AsMap()
	if v, ok := m["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok {
		opts.nodeArgs = strings.Fields(v)
	}
	return opts
}

func (o options) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func orEmptySlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

package integration

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// wrapperPath is the exec wrapper the layer ships as /opt/wrapper-script.sh.
var wrapperPath = filepath.Join("..", "..", "wrapper-script.sh")

// printArgs prints its arguments NUL-terminated, one by one.
var printArgs = []string{"sh", "-c", `printf '%s\000' "$@"`, "print-args"}

// runWrapper runs the wrapper with sh, a clean environment plus env, and
// args as the runtime command line.
func runWrapper(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	script, err := filepath.Abs(wrapperPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", append([]string{script}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Dir = t.TempDir() // a glob that expanded would list this empty dir's files: none
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("running the wrapper: %v", err)
	}
	return out.String(), errb.String(), code
}

func requireSh(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
}

// The runtime's arguments reach it unchanged, whatever they hold.
func TestWrapperQuotesArguments(t *testing.T) {
	requireSh(t)
	marker := filepath.Join(t.TempDir(), "pwned")
	args := []string{
		"plain", "with space", "  leading and trailing  ", `"double"`, `'single'`, "$(touch " + marker + ")",
		"`touch " + marker + "`", "*", "?", "[a-z]*", "$HOME", "${PATH}", `back\slash`, `\n`, "", "-n", "--",
		"semi;colon", "pipe|amp&", "new\nline", "tab\there", "é ü 日本", ">redirect", "<in",
	}
	out, errOut, code := runWrapper(t, nil, append(printArgs, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00")
	if len(got) != len(args) {
		t.Fatalf("got %d arguments, want %d: %q", len(got), len(args), got)
	}
	for i := range args {
		if got[i] != args[i] {
			t.Errorf("argument %d = %q, want %q", i, got[i], args[i])
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("an argument was evaluated by the shell")
	}
}

// The runtime always sees the proxy's address, whatever
// AWS_LAMBDA_RUNTIME_API held before.
func TestWrapperOverwritesRuntimeAPI(t *testing.T) {
	requireSh(t)
	show := []string{"sh", "-c", `printf '%s' "$AWS_LAMBDA_RUNTIME_API"`}
	for _, tc := range []struct{ port, upstream, want string }{
		{"", "127.0.0.1:9001", "127.0.0.1:9009"},
		{"9100", "127.0.0.1:9001", "127.0.0.1:9100"},
		{"", "", "127.0.0.1:9009"},
		{"", "$(touch /tmp/x)", "127.0.0.1:9009"},
		{"", "evil.example:80 127.0.0.1:9009", "127.0.0.1:9009"},
		{"", "127.0.0.1:9009\nAWS_LAMBDA_RUNTIME_API=evil", "127.0.0.1:9009"},
	} {
		env := map[string]string{"AWS_LAMBDA_RUNTIME_API": tc.upstream}
		if tc.port != "" {
			env["LAMBDA_FIREWALL_PORT"] = tc.port
		}
		out, errOut, code := runWrapper(t, env, show...)
		if code != 0 || out != tc.want {
			t.Errorf("port %q, upstream %q: runtime saw %q (exit %d, %s), want %q", tc.port, tc.upstream, out,
				code, errOut, tc.want)
		}
	}
}

// A port that is not a plain number stops the wrapper before it runs
// anything.
func TestWrapperRefusesNonNumericPort(t *testing.T) {
	requireSh(t)
	for _, port := range []string{"abc", "9009; touch x", "$(id)", " 9009", "9009 ", "-1", "1e3", "0x10", "９００９"} {
		marker := filepath.Join(t.TempDir(), "ran")
		out, errOut, code := runWrapper(t, map[string]string{"LAMBDA_FIREWALL_PORT": port}, "sh", "-c", "touch "+marker)
		if code == 0 {
			t.Errorf("port %q accepted (stdout %q)", port, out)
		}
		if !strings.Contains(errOut, "LAMBDA_FIREWALL_PORT must be a number") {
			t.Errorf("port %q: stderr %q", port, errOut)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Errorf("port %q: the runtime ran", port)
		}
	}
}

// Without a command the wrapper fails; with one, its exit status is the
// runtime's (exec), and a chained wrapper gets the arguments unchanged.
func TestWrapperExecAndChain(t *testing.T) {
	requireSh(t)
	if _, _, code := runWrapper(t, nil); code == 0 {
		t.Error("no command: exit 0")
	}
	if _, _, code := runWrapper(t, nil, "sh", "-c", "exit 7"); code != 7 {
		t.Errorf("exit code %d, want the runtime's 7", code)
	}
	next := filepath.Join(t.TempDir(), "next-wrapper")
	script := "#!/bin/sh\nprintf '%s|' \"${LAMBDA_FIREWALL_NEXT_WRAPPER:-unset}\" \"$AWS_LAMBDA_RUNTIME_API\"\nexec \"$@\"\n"
	if err := os.WriteFile(next, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runWrapper(t, map[string]string{"LAMBDA_FIREWALL_NEXT_WRAPPER": next},
		append(printArgs, "a b", "$(x)")...)
	if want := "unset|127.0.0.1:9009|a b\x00$(x)\x00"; code != 0 || out != want {
		t.Errorf("chained: %q (exit %d, %s), want %q", out, code, errOut, want)
	}
}

// The wrapper is executable in git, so the layer zip gets 0755 whatever
// the checkout's umask.
func TestWrapperModeInGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	out, err := exec.Command(git, "ls-files", "-s", wrapperPath).Output()
	if err != nil || len(out) == 0 {
		t.Skipf("not a git checkout: %v", err)
	}
	if !strings.HasPrefix(string(out), "100755 ") {
		t.Errorf("git mode of wrapper-script.sh: %q, want 100755", out)
	}
	info, err := os.Stat(wrapperPath)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o111 == 0 {
		t.Errorf("wrapper-script.sh is not executable in the work tree: %v", info.Mode())
	}
}

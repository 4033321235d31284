package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The proxy listens on the loopback interface only: the runtime reaches it
// at 127.0.0.1, nothing reaches it through another address of the machine.
func TestSecurityListensOnLoopbackOnly(t *testing.T) {
	f := newFakeLambda(t)
	e := startExtension(t, context.Background(), f, map[string]string{EnvPolicy: PolicyNone})
	if !strings.Contains(e.logs.String(), `"listen":"127.0.0.1:`+e.port+`"`) {
		t.Errorf("ready line does not show 127.0.0.1:%s:\n%s", e.port, e.logs.String())
	}
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+e.port, 5*time.Second)
	if err != nil {
		t.Fatalf("the runtime cannot reach the proxy on loopback: %v", err)
	}
	conn.Close()
	others := []string{"[::1]"}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
				others = append(others, ipn.IP.String())
			}
		}
	}
	for _, host := range others {
		if conn, err := net.DialTimeout("tcp", host+":"+e.port, 2*time.Second); err == nil {
			conn.Close()
			t.Errorf("the proxy answers on %s: it must listen on 127.0.0.1 only", host)
		}
	}
	t.Logf("checked %d non-loopback addresses: %v", len(others), others)
	if code := e.stop(t, f); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// testKeyPair returns an RSA key and its public key as PEM.
func testKeyPair(t *testing.T) (*rsa.PrivateKey, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return key, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// writeBundle writes a bundle directory of Rego files.
func writeBundle(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// signature is the content of a .signatures.json, as `opa sign` and
// `opa build --signing-key` write it: an RS256 JWS over the list of files
// (named as the loader will name them) with the SHA-256 of each.
func signature(t *testing.T, key *rsa.PrivateKey, files map[string]string) []byte {
	t.Helper()
	type file struct {
		Name      string `json:"name"`
		Hash      string `json:"hash"`
		Algorithm string `json:"algorithm"`
	}
	var list []file
	for name, data := range files {
		sum := sha256.Sum256([]byte(data))
		list = append(list, file{Name: name, Hash: hex.EncodeToString(sum[:]), Algorithm: "SHA-256"})
	}
	b64 := base64.RawURLEncoding.EncodeToString
	header, _ := json.Marshal(map[string]string{"alg": "RS256"})
	payload, _ := json.Marshal(map[string]any{"files": list})
	signingInput := b64(header) + "." + b64(payload)
	digest := sha256.Sum256([]byte(signingInput))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(map[string][]string{"signatures": {signingInput + "." + b64(sig)}})
	return doc
}

// signedTarball writes a bundle .tar.gz of files signed with key (no
// signature when key is nil); tamper, when set, changes the files after
// signing.
func signedTarball(t *testing.T, key *rsa.PrivateKey, files map[string]string, tamper func(map[string]string)) string {
	t.Helper()
	all := map[string]string{}
	for k, v := range files {
		all[k] = v
	}
	if key != nil {
		all[".signatures.json"] = string(signature(t, key, files))
	}
	if tamper != nil {
		tamper(all)
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, data := range all {
		if err := tw.WriteHeader(&tar.Header{Name: "/" + name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bundle.tar.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// signDir signs a bundle directory in place as `opa sign --bundle DIR`
// does: OPA names directory files by their path, so the signature holds
// only at that path.
func signDir(t *testing.T, dir string, key *rsa.PrivateKey) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[strings.TrimPrefix(filepath.Join(dir, e.Name()), "/")] = string(data)
	}
	if err := os.WriteFile(filepath.Join(dir, ".signatures.json"), signature(t, key, files), 0o600); err != nil {
		t.Fatal(err)
	}
}

const allowPolicy = "package lambda_firewall\n\ndefault decision := {\"action\": \"allow\"}\n"

const httpSendPolicy = `package lambda_firewall

default decision := {"action": "allow"}

decision := {"action": "block"} if {
	input.payload.probe
	http.send({"method": "GET", "url": "http://127.0.0.1:1/"}).status_code == 200
}
`

// Missing, invalid, unsigned and tampered bundles (and disabled builtins)
// stop the extension at init: /extension/init/error with
// Extension.PolicyInvalid and a non-zero exit, so the function never runs
// unprotected. A correctly signed bundle loads.
func TestSecurityBundlesAtInit(t *testing.T) {
	key, pub := testKeyPair(t)
	otherKey, _ := testKeyPair(t)
	policyFiles := map[string]string{"policy.rego": allowPolicy}
	tarball := func(key *rsa.PrivateKey, tamper func(map[string]string)) func(t *testing.T) string {
		return func(t *testing.T) string { return signedTarball(t, key, policyFiles, tamper) }
	}
	rego := func(src string) func(t *testing.T) string {
		return func(t *testing.T) string { return writeBundle(t, map[string]string{"policy.rego": src}) }
	}
	keyed := map[string]string{EnvPublicKey: pub}
	tests := []struct {
		name   string
		bundle func(t *testing.T) string
		env    map[string]string
		ok     bool
	}{
		{"signed tarball", tarball(key, nil), keyed, true},
		{"signed tarball with the key in a file", tarball(key, nil), map[string]string{EnvPublicKey: "KEYFILE"}, true},
		{"signed directory at its signing path", func(t *testing.T) string {
			dir := writeBundle(t, policyFiles)
			signDir(t, dir, key)
			return dir
		}, keyed, true},
		{"signed directory moved after signing", func(t *testing.T) string {
			dir := writeBundle(t, policyFiles)
			signDir(t, dir, key)
			moved := filepath.Join(t.TempDir(), "moved")
			if err := os.Rename(dir, moved); err != nil {
				t.Fatal(err)
			}
			return moved
		}, keyed, false},
		{"unsigned directory without a key", rego(allowPolicy), nil, true},
		{"missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope") }, nil, false},
		{"invalid Rego", rego("package lambda_firewall\n\ndecision := {"), nil, false},
		{"no decision rule", rego("package lambda_firewall\n\nx := 1\n"), nil, false},
		{"unsigned directory with a key", rego(allowPolicy), keyed, false},
		{"unsigned tarball with a key", tarball(nil, nil), keyed, false},
		{"tampered tarball", tarball(key, func(f map[string]string) {
			f["policy.rego"] = strings.Replace(allowPolicy, `"allow"`, `"block"`, 1)
		}), keyed, false},
		{"tarball with a file added after signing", tarball(key, func(f map[string]string) {
			f["extra.rego"] = "package lambda_firewall.extra\n\nx := 1\n"
		}), keyed, false},
		{"tarball signed with another key", tarball(otherKey, nil), keyed, false},
		{"http.send while disabled", rego(httpSendPolicy), nil, false},
		{"http.send re-enabled", rego(httpSendPolicy), map[string]string{EnvAllowBuiltins: "http.send"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeLambda(t)
			vars := map[string]string{EnvPolicy: tt.bundle(t)}
			for k, v := range tt.env {
				if v == "KEYFILE" {
					v = filepath.Join(t.TempDir(), "key.pem")
					if err := os.WriteFile(v, []byte(pub), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				vars[k] = v
			}
			e := startExtension(t, context.Background(), f, vars)
			if tt.ok {
				if !strings.Contains(e.logs.String(), `"msg":"extension ready"`) {
					t.Fatalf("not ready (init errors %v); logs:\n%s", f.initErrorList(), e.logs.String())
				}
				if code := e.stop(t, f); code != 0 {
					t.Fatalf("exit %d", code)
				}
				return
			}
			code := <-e.exit
			if code == 0 {
				t.Fatal("exit code 0")
			}
			if got := f.initErrorList(); len(got) != 1 || got[0].errType != errPolicyInvalid {
				t.Fatalf("init errors %v, want [%s]; logs:\n%s", got, errPolicyInvalid, e.logs.String())
			}
		})
	}
}

// opa.runtime() gives policies the OPA version and an empty env: nothing of
// the extension's environment (credentials live there) reaches a policy.
func TestSecurityOPARuntimeHasNoEnv(t *testing.T) {
	const planted = "planted-env-secret-4c1d"
	t.Setenv("LAMBDA_FIREWALL_TEST_PLANTED", planted)
	t.Setenv("AWS_SECRET_ACCESS_KEY", planted)
	dir := writeBundle(t, map[string]string{"policy.rego": `package lambda_firewall

default decision := {"action": "allow"}

decision := {"action": "block", "error": {"type": "Function.Probe", "message": json.marshal(opa.runtime())}} if input.payload.probe
`})
	event := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(event, []byte(`{"probe":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	args := []string{"lambda-firewall", "eval", "--policy", dir, "--event", event}
	if code := run(context.Background(), args, os.Getenv, &out, &errb); code != 0 {
		t.Fatalf("eval exit %d: %s", code, errb.String())
	}
	var got evalOutput
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.ErrorMsg, `"env":{}`) || !strings.Contains(got.ErrorMsg, `"version"`) {
		t.Errorf("opa.runtime() = %s, want a version and an empty env", got.ErrorMsg)
	}
	if strings.Contains(out.String(), planted) || strings.Contains(errb.String(), planted) {
		t.Errorf("the planted environment value reached the policy:\n%s", out.String())
	}
}

// In-flight work survives SHUTDOWN and SIGTERM: a /response the runtime is
// posting when the extension is told to stop reaches the Runtime API and
// the runtime gets its 202 before the extension exits.
func TestSecurityShutdownDrainsInFlightResponse(t *testing.T) {
	for _, how := range []string{"SHUTDOWN", "SIGTERM"} {
		t.Run(how, func(t *testing.T) {
			f := newFakeLambda(t)
			release := f.holdRuntimePosts()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			e := startExtension(t, ctx, f, map[string]string{EnvPolicy: PolicyNone})
			base := "http://127.0.0.1:" + e.port + "/2018-06-01/runtime/invocation/"
			f.events <- fakeEvent{id: "req-1", body: `{"n":1}`}
			resp, err := http.Get(base + "next")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			status := make(chan int, 1)
			go func() {
				resp, err := http.Post(base+"req-1/response", "application/json", strings.NewReader(`{"ok":true}`))
				if err != nil {
					status <- 0
					return
				}
				resp.Body.Close()
				status <- resp.StatusCode
			}()
			<-f.postArrived // the response is in flight, held by the Runtime API
			if how == "SHUTDOWN" {
				close(f.shutdown)
			} else {
				cancel() // what signal.NotifyContext does on SIGTERM
			}
			close(release)
			if got := <-status; got != http.StatusAccepted {
				t.Fatalf("in-flight response got %d, want 202", got)
			}
			if p := <-f.posts; p.path != "/2018-06-01/runtime/invocation/req-1/response" || p.body != `{"ok":true}` {
				t.Fatalf("Runtime API got %+v", p)
			}
			select {
			case code := <-e.exit:
				if code != 0 {
					t.Fatalf("exit %d", code)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the extension did not exit after draining")
			}
		})
	}
}

// No payload value ever reaches a log line, at any level: secrets planted
// in events, responses, headers, client context and error reports run
// through the allow, mask, block, error and audit paths of the full
// extension with debug logging, and no captured line contains one.
func TestSecurityNoPayloadInLogs(t *testing.T) {
	for _, mode := range []string{"enforce", "audit"} {
		t.Run(mode, func(t *testing.T) {
			f := newFakeLambda(t)
			e := startExtension(t, context.Background(), f, map[string]string{EnvLogLevel: "debug", EnvMode: mode,
				EnvMetrics: "emf"})
			secrets, runInvokes := plantedInvokes()
			runInvokes(t, f, "http://127.0.0.1:"+e.port+"/2018-06-01/runtime/")
			if code := e.stop(t, f); code != 0 {
				t.Fatalf("exit %d", code)
			}
			logs := e.logs.String()
			for _, want := range []string{`"msg":"decision"`, `"verdict":"replace"`, `"action":"block"`, `"error":"input_error"`} {
				if !strings.Contains(logs, want) {
					t.Errorf("no %s line: the path was not exercised", want)
				}
			}
			for _, s := range secrets {
				for _, form := range []string{s, strings.ToLower(s), base64.StdEncoding.EncodeToString([]byte(s))} {
					if strings.Contains(logs, form) {
						t.Errorf("secret %q appears in the logs", form)
					}
				}
			}
			assertJSONLines(t, logs)
		})
	}
}

// plantedInvokes returns the planted secrets and a function that runs the
// invocations carrying them through the proxy at base.
func plantedInvokes() ([]string, func(t *testing.T, f *fakeLambda, base string)) {
	secrets := []string{"S3CRET-EVENT-BODY-71f", "S3CRET-HEADER-2a9", "S3CRET-QUERY-88c", "S3CRET-CLIENTCTX-5e0",
		"S3CRET-RESPONSE-d41", "S3CRET-PASSWORD-0b7", "4111111111111111", "S3CRET-BLOCKED-99a", "S3CRET-DEEP-3f3",
		"S3CRET-ERROR-REPORT-6c2", "S3CRET-COGNITO-1aa"}
	apigw := func(query, header, body string) string {
		b, _ := json.Marshal(map[string]any{
			"version": "2.0", "rawPath": "/p", "rawQueryString": "q=" + query,
			"queryStringParameters": map[string]string{"q": query},
			"headers":               map[string]string{"x-secret": header, "content-type": "application/json"},
			"requestContext":        map[string]any{"http": map[string]any{"method": "POST", "path": "/p", "sourceIp": "1.2.3.4"}},
			"body":                  body, "isBase64Encoded": false,
		})
		return string(b)
	}
	invokes := []struct {
		ev       fakeEvent
		response string // "" when the event is blocked
	}{
		{fakeEvent{id: "allow-1", body: apigw(secrets[2], secrets[1], `{"note":"`+secrets[0]+`"}`), header: http.Header{
			"Lambda-Runtime-Client-Context":   {`{"custom":{"k":"` + secrets[3] + `"}}`},
			"Lambda-Runtime-Cognito-Identity": {`{"cognitoIdentityId":"` + secrets[10] + `"}`}}},
			`{"statusCode":200,"body":"{\"password\":\"` + secrets[5] + `\",\"note\":\"` + secrets[4] + `\"}"}`},
		{fakeEvent{id: "mask-1", body: apigw("x", "y", `{"card":"`+secrets[6]+`","note":"`+secrets[0]+`"}`)},
			`{"statusCode":200,"body":"ok"}`},
		{fakeEvent{id: "block-1", body: apigw("1' OR '1'='1 "+secrets[7], secrets[1], `{}`)}, ""},
		{fakeEvent{id: "error-1", body: strings.Repeat(`{"a":`, 70) + `"` + secrets[8] + `"` + strings.Repeat("}", 70)}, ""},
	}
	return secrets, func(t *testing.T, f *fakeLambda, base string) {
		// Blocked events are answered by the proxy while the runtime waits
		// for the next one; "last" ends the run.
		for _, inv := range invokes {
			f.events <- inv.ev
		}
		f.events <- fakeEvent{id: "last", body: `{}`}
		for i := 0; ; i++ {
			resp, err := http.Get(base + "invocation/next")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
			body := `{}`
			for _, inv := range invokes {
				if inv.ev.id == id {
					body = inv.response
				}
			}
			route := "/response"
			if id == "mask-1" { // the runtime reports an error carrying a secret
				route, body = "/error", `{"errorMessage":"`+secrets[9]+`","errorType":"Runtime.Secret"}`
			}
			r, err := http.Post(base+"invocation/"+id+route, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			r.Body.Close()
			if id == "last" || i > len(invokes) {
				break
			}
		}
		// An init error report with a secret passes through too.
		r, err := http.Post(base+"init/error", "application/json", strings.NewReader(`{"errorMessage":"`+secrets[9]+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		f.drainPosts()
	}
}

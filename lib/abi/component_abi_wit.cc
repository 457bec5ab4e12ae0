// The component-era host ABI as WIT, written in this project from the
// reference (shared/reference/astrid-component-abi.md, sections 2.3 to 2.5
// and 4.1), not copied from the kernel: each interface once, in WIT syntax
// (a resource's methods inside it, as WIT writes them; the reference lists
// them flat with their component-level names).
//
// Why raw string literals in a .cc and not .wit files embedded at build
// time: no generator step in the build, and the data compiles with the
// code that reads it. The reader takes them as any other WIT, so a mistake
// here is a reading error that component_abi_test reports with the line.
//
// Where releases differ inside one interface (reference 2.4), the text
// holds every shape and marks the lines that belong to some only, with a
// comment WIT itself ignores (so each text, read whole, is valid WIT: its
// widest shape):
//   astrid:process  p7 = v0.7.0's process@1.0.0 (12 functions);
//                   p8 = v0.8.0's and v0.9.1+'s process@1.0.0 (27);
//                   p9 = v0.9.0's process@1.0.0 and v0.9.1+'s process@1.1.0
//                        (p8 with file injections in spawn-request).
//   astrid:sys      s7 = v0.7.0 (9 functions); s8 = v0.8.0 on (+ enumerate-capabilities).
// Which release serves which shape under which name is component_abi_data.cc's.
//
// `%`-escaping: the reference writes names without `%` (select, delete);
// neither is a WIT keyword, so none is needed here.

#include "abi/component_abi_wit.h"

#include <fmt/format.h>

#include <stdexcept>

namespace astrid {
namespace {

constexpr std::string_view kIo = R"wit(
interface error {
  resource error {
    to-debug-string: func() -> string;
  }
}

interface poll {
  variant error-code { invalid-input, closed, too-large, cancelled, unknown(string) }
  resource pollable {
    ready: func() -> bool;
    block: func() -> result<_, error-code>;
  }
  poll: func(pollables: list<borrow<pollable>>) -> result<list<u32>, error-code>;
}

interface streams {
  use error.{error};
  use poll.{pollable};

  variant stream-error { last-operation-failed(error), closed }
  resource input-stream {
    read: func(len: u64) -> result<list<u8>, stream-error>;
    blocking-read: func(len: u64) -> result<list<u8>, stream-error>;
    skip: func(len: u64) -> result<u64, stream-error>;
    blocking-skip: func(len: u64) -> result<u64, stream-error>;
    subscribe: func() -> pollable;
  }
  resource output-stream {
    check-write: func() -> result<u64, stream-error>;
    write: func(contents: list<u8>) -> result<_, stream-error>;
    blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>;
    flush: func() -> result<_, stream-error>;
    blocking-flush: func() -> result<_, stream-error>;
    subscribe: func() -> pollable;
    write-zeroes: func(len: u64) -> result<_, stream-error>;
    blocking-write-zeroes-and-flush: func(len: u64) -> result<_, stream-error>;
    splice: func(src: borrow<input-stream>, len: u64) -> result<u64, stream-error>;
    blocking-splice: func(src: borrow<input-stream>, len: u64) -> result<u64, stream-error>;
  }
}
)wit";

constexpr std::string_view kFs = R"wit(
interface host {
  variant error-code {
    not-found, access, capability-denied, boundary-escape, invalid-path, would-block, is-directory,
    not-directory, not-empty, too-large, quota, cross-vfs, already-exists, closed, unknown(string),
  }
  enum file-type { type-unknown, regular, directory, symlink, block-device, character-device, fifo, socket }
  record datetime { seconds: s64, nanoseconds: u32 }
  record file-stat {
    size: u64, kind: file-type, mode: u32, modified: option<datetime>, created: option<datetime>,
    accessed: option<datetime>,
  }
  enum open-mode { read, write, append, read-write }
  resource file-handle {
    read-at: func(offset: u64, max-bytes: u32) -> result<list<u8>, error-code>;
    write-at: func(offset: u64, data: list<u8>) -> result<u32, error-code>;
    sync-data: func() -> result<_, error-code>;
    sync-all: func() -> result<_, error-code>;
    stat: func() -> result<file-stat, error-code>;
    set-len: func(size: u64) -> result<_, error-code>;
  }
  fs-open: func(path: string, mode: open-mode) -> result<file-handle, error-code>;
  fs-exists: func(path: string) -> result<bool, error-code>;
  fs-mkdir: func(path: string) -> result<_, error-code>;
  fs-mkdir-all: func(path: string) -> result<_, error-code>;
  fs-readdir: func(path: string) -> result<list<string>, error-code>;
  fs-stat: func(path: string) -> result<file-stat, error-code>;
  fs-stat-symlink: func(path: string) -> result<file-stat, error-code>;
  fs-unlink: func(path: string) -> result<_, error-code>;
  read-file: func(path: string) -> result<list<u8>, error-code>;
  write-file: func(path: string, content: list<u8>) -> result<_, error-code>;
  fs-append: func(path: string, content: list<u8>) -> result<_, error-code>;
  fs-copy: func(src: string, dst: string) -> result<_, error-code>;
  fs-rename: func(src: string, dst: string) -> result<_, error-code>;
  fs-remove-dir-all: func(path: string) -> result<u64, error-code>;
  fs-canonicalize: func(path: string) -> result<string, error-code>;
  fs-read-link: func(path: string) -> result<string, error-code>;
  fs-hard-link: func(src: string, link-path: string) -> result<_, error-code>;
}
)wit";

constexpr std::string_view kIpc = R"wit(
interface host {
  use astrid:io/poll@1.0.0.{pollable};

  variant error-code {
    capability-denied, invalid-input, closed, rate-limited, backpressure, quota, timeout, unknown(string),
  }
  variant principal-attribution { verified(string), claimed(string), system }
  record ipc-envelope { messages: list<ipc-message>, dropped: u64, lagged: u64 }
  record ipc-message { topic: string, payload: string, source-id: string, principal: principal-attribution }
  record interceptor-binding { handle-id: u64, action: string, topic: string }
  resource subscription {
    poll: func() -> result<ipc-envelope, error-code>;
    recv: func(timeout-ms: u64) -> result<ipc-envelope, error-code>;
    subscribe-readiness: func() -> pollable;
  }
  publish: func(topic: string, payload: string) -> result<_, error-code>;
  publish-as: func(topic: string, payload: string, principal: string) -> result<_, error-code>;
  subscribe: func(topic-pattern: string) -> result<subscription, error-code>;
  get-interceptor-bindings: func() -> result<list<interceptor-binding>, error-code>;
}
)wit";

constexpr std::string_view kKv = R"wit(
interface host {
  variant error-code { invalid-key, too-large, quota, cas-mismatch, unknown(string) }
  record key-page { keys: list<string>, next-cursor: option<string> }
  kv-get: func(key: string) -> result<option<list<u8>>, error-code>;
  kv-set: func(key: string, value: list<u8>) -> result<_, error-code>;
  kv-delete: func(key: string) -> result<_, error-code>;
  kv-list-keys: func(prefix: string) -> result<list<string>, error-code>;
  kv-list-keys-page: func(prefix: string, cursor: option<string>, limit: u32) -> result<key-page, error-code>;
  kv-clear-prefix: func(prefix: string) -> result<u64, error-code>;
  kv-cas: func(key: string, expected: option<list<u8>>, new: list<u8>) -> result<_, error-code>;
}
)wit";

constexpr std::string_view kNet = R"wit(
interface host {
  use astrid:io/poll@1.0.0.{pollable};
  use astrid:io/streams@1.0.0.{input-stream, output-stream};

  variant error-code {
    would-block, closed, capability-denied, airlock-rejected, connection-refused, connection-reset, timeout,
    address-in-use, address-not-available, name-unresolvable, invalid-handle, not-tcp, quota,
    unknown(string),
  }
  variant net-read-status { data(list<u8>), closed, pending }
  enum shutdown-how { receive, send, both }
  record udp-datagram { data: list<u8>, peer-host: string, peer-port: u16 }
  resource unix-listener {
    accept: func() -> result<tcp-stream, error-code>;
    poll-accept: func(timeout-ms: u64) -> result<option<tcp-stream>, error-code>;
    subscribe-readiness: func() -> pollable;
  }
  resource tcp-listener {
    accept: func() -> result<tcp-stream, error-code>;
    poll-accept: func(timeout-ms: u64) -> result<option<tcp-stream>, error-code>;
    local-addr: func() -> result<string, error-code>;
    subscribe-readiness: func() -> pollable;
  }
  resource tcp-stream {
    read: func() -> result<net-read-status, error-code>;
    write: func(data: list<u8>) -> result<_, error-code>;
    read-bytes: func(max-bytes: u32) -> result<list<u8>, error-code>;
    write-bytes: func(data: list<u8>) -> result<u32, error-code>;
    peek: func(max-bytes: u32) -> result<list<u8>, error-code>;
    shutdown: func(how: shutdown-how) -> result<_, error-code>;
    peer-addr: func() -> result<string, error-code>;
    local-addr: func() -> result<string, error-code>;
    set-nodelay: func(nodelay: bool) -> result<_, error-code>;
    nodelay: func() -> result<bool, error-code>;
    set-read-timeout: func(timeout-ms: option<u64>) -> result<_, error-code>;
    read-timeout: func() -> result<option<u64>, error-code>;
    set-write-timeout: func(timeout-ms: option<u64>) -> result<_, error-code>;
    write-timeout: func() -> result<option<u64>, error-code>;
    set-hop-limit: func(hops: u32) -> result<_, error-code>;
    hop-limit: func() -> result<u32, error-code>;
    set-keepalive: func(keepalive-secs: option<u64>) -> result<_, error-code>;
    keepalive: func() -> result<option<u64>, error-code>;
    set-linger: func(linger-ms: option<u64>) -> result<_, error-code>;
    linger: func() -> result<option<u64>, error-code>;
    set-reuseaddr: func(reuse: bool) -> result<_, error-code>;
    reuseaddr: func() -> result<bool, error-code>;
    subscribe-readable: func() -> pollable;
    read-stream: func() -> input-stream;
    write-stream: func() -> output-stream;
  }
  resource udp-socket {
    send-to: func(data: list<u8>, peer-host: string, peer-port: u16) -> result<u32, error-code>;
    recv-from: func(max-bytes: u32) -> result<option<udp-datagram>, error-code>;
    connect: func(peer-host: string, peer-port: u16) -> result<_, error-code>;
    disconnect: func() -> result<_, error-code>;
    send: func(data: list<u8>) -> result<u32, error-code>;
    recv: func(max-bytes: u32) -> result<option<list<u8>>, error-code>;
    peer-addr: func() -> result<option<string>, error-code>;
    set-read-timeout: func(timeout-ms: option<u64>) -> result<_, error-code>;
    local-addr: func() -> result<string, error-code>;
    subscribe-readable: func() -> pollable;
  }
  bind-unix: func() -> result<unix-listener, error-code>;
  bind-tcp: func(host: string, port: u16) -> result<tcp-listener, error-code>;
  connect-tcp: func(host: string, port: u16) -> result<tcp-stream, error-code>;
  udp-bind: func(host: string, port: u16) -> result<udp-socket, error-code>;
  lookup-host: func(host: string) -> result<list<string>, error-code>;
}
)wit";

constexpr std::string_view kHttp10 = R"wit(
interface host {
  use astrid:io/poll@1.0.0.{pollable};
  use astrid:io/streams@1.0.0.{input-stream};

  variant error-code {
    capability-denied, invalid-request, dns-error, airlock-rejected, tls-error, timeout, connection-error,
    body-too-large, closed, quota, protocol(string), unknown(string),
  }
  variant http-method { get, head, post, put, delete, connect, options, trace, patch, other(string) }
  record key-value-pair { key: string, value: string }
  record http-request-data {
    url: string, method: http-method, headers: list<key-value-pair>, body: option<list<u8>>,
  }
  record http-response-data { status: u16, headers: list<key-value-pair>, body: list<u8> }
  resource http-stream {
    status: func() -> u16;
    headers: func() -> list<key-value-pair>;
    read-chunk: func() -> result<list<u8>, error-code>;
    close: func() -> result<_, error-code>;
    subscribe-readable: func() -> pollable;
    body-stream: func() -> input-stream;
  }
  http-request: func(request: http-request-data) -> result<http-response-data, error-code>;
  http-stream-start: func(request: http-request-data) -> result<http-stream, error-code>;
}
)wit";

constexpr std::string_view kHttp11 = R"wit(
interface host {
  use astrid:io/poll@1.0.0.{pollable};
  use astrid:io/streams@1.0.0.{input-stream, output-stream};

  variant error-code {
    capability-denied, invalid-request, dns-error, airlock-rejected, tls-error, timeout, connection-error,
    body-too-large, closed, quota, redirect-blocked, too-many-redirects, integrity-mismatch, scheme-denied,
    decompression-bomb, protocol(string), unknown(string),
  }
  variant http-method { get, head, post, put, delete, connect, options, trace, patch, other(string) }
  record key-value-pair { key: string, value: string }
  record http-request-data {
    url: string, method: http-method, headers: list<key-value-pair>, body: option<list<u8>>,
  }
  record timeout-config {
    connect-ms: option<u64>, first-byte-ms: option<u64>, between-bytes-ms: option<u64>,
    total-ms: option<u64>,
  }
  enum redirect-policy { follow, error, manual }
  record request-options {
    timeouts: option<timeout-config>, redirect: option<redirect-policy>, max-redirects: option<u32>,
    max-response-bytes: option<u64>, max-decompressed-bytes: option<u64>, auto-decompress: option<bool>,
    https-only: option<bool>, integrity: option<string>,
  }
  record response-meta { final-url: string, redirect-count: u32, elapsed-ms: u64, wire-bytes: u64 }
  record http-response-data {
    status: u16, headers: list<key-value-pair>, body: list<u8>, meta: response-meta,
  }
  resource http-stream {
    status: func() -> u16;
    headers: func() -> list<key-value-pair>;
    read-chunk: func() -> result<list<u8>, error-code>;
    close: func() -> result<_, error-code>;
    subscribe-readable: func() -> pollable;
    body-stream: func() -> input-stream;
    trailers: func() -> result<option<list<key-value-pair>>, error-code>;
  }
  resource http-upload {
    body-sink: func() -> output-stream;
    subscribe-writable: func() -> pollable;
    finish: func() -> result<http-stream, error-code>;
  }
  http-request: func(request: http-request-data) -> result<http-response-data, error-code>;
  http-request-opts: func(request: http-request-data, options: request-options)
    -> result<http-response-data, error-code>;
  http-stream-start: func(request: http-request-data) -> result<http-stream, error-code>;
  http-stream-start-opts: func(request: http-request-data, options: request-options)
    -> result<http-stream, error-code>;
  http-upload-start: func(request: http-request-data, options: request-options)
    -> result<http-upload, error-code>;
}
)wit";

constexpr std::string_view kSys = R"wit(
interface host {
  variant error-code {
    capability-denied, config-key-reserved, too-large, registry-unavailable, cancelled, unknown(string),
  }
  enum log-level { trace, debug, info, warn, error }
  record caller-context { principal: option<string>, source-id: string, timestamp: string }
  record capability-check-request { source-uuid: string, capability: string }
  record capability-check-response { allowed: bool }
  get-config: func(key: string) -> result<option<string>, error-code>;
  get-caller: func() -> result<caller-context, error-code>;
  log: func(level: log-level, message: string);
  signal-ready: func();
  clock-ms: func() -> u64;
  clock-monotonic-ns: func() -> u64;
  sleep-ns: func(duration-ns: u64) -> result<_, error-code>;
  random-bytes: func(length: u64) -> result<list<u8>, error-code>;
  check-capsule-capability: func(request: capability-check-request)
    -> result<capability-check-response, error-code>;
  enumerate-capabilities: func() -> list<string>;  // shapes: s8
}
)wit";

constexpr std::string_view kProcess = R"wit(
interface host {
  use astrid:io/poll@1.0.0.{pollable};

  variant error-code {
    capability-denied, invalid-input, boundary-escape, quota, too-large, closed, cancelled, wait-timeout,
    no-such-process, registry-full, persist-unsupported,  // shapes: p8 p9
    unknown(string),
  }
  enum process-signal {
    term, hup, usr1, usr2, int,
    stop, cont,  // shapes: p8 p9
  }
  record env-var { key: string, value: string }
  enum overflow-policy { drop-oldest, backpressure }  // shapes: p8 p9
  record resource-limits {  // shapes: p8 p9
    max-memory-bytes: option<u64>, max-cpu-secs: option<u64>, max-pids: option<u32>,  // shapes: p8 p9
    max-open-files: option<u32>,  // shapes: p8 p9
  }  // shapes: p8 p9
  record file-injection { content: list<u8>, placement: injection-placement }  // shapes: p9
  variant injection-placement { env-pointer(string), fixed-path(string) }  // shapes: p9
  record spawn-request {
    cmd: string, args: list<string>, stdin: option<list<u8>>, env: list<env-var>, cwd: option<string>,
    limits: option<resource-limits>,  // shapes: p8 p9
    file-injections: list<file-injection>,  // shapes: p9
    label: option<string>, keep-stdin-open: option<bool>, overflow: option<overflow-policy>,  // shapes: p8 p9
    log-ring-bytes: option<u32>, max-lifetime-ms: option<u64>, idle-timeout-ms: option<u64>,  // shapes: p8 p9
    exit-retention-ms: option<u64>,  // shapes: p8 p9
  }
  record exit-info { exit-code: option<s32>, signal: option<s32> }
  record process-result { stdout: string, stderr: string, exit: exit-info }
  record read-logs-result { stdout: string, stderr: string, running: bool, exit: option<exit-info> }
  record kill-result { killed: bool, exit: option<exit-info>, stdout: string, stderr: string }
  type process-id = string;  // shapes: p8 p9
  enum process-phase { starting, running, exited }  // shapes: p8 p9
  record log-cursor { token: option<string> }  // shapes: p8 p9
  enum log-stream { stdout, stderr }  // shapes: p8 p9
  record log-chunk { data: list<u8>, next: log-cursor, bytes-dropped: u64, drained-eof: bool }  // shapes: p8 p9
  record process-info {  // shapes: p8 p9
    id: process-id, label: string, command: string, os-pid: option<u32>, phase: process-phase,  // shapes: p8 p9
    exit: option<exit-info>, age-ms: u64, idle-ms: u64, buffered-bytes: u64, bytes-dropped: u64,  // shapes: p8 p9
    stdin-open: bool, cpu-ms: option<u64>, mem-bytes-peak: option<u64>,  // shapes: p8 p9
  }  // shapes: p8 p9
  resource process-handle {
    read-logs: func() -> result<read-logs-result, error-code>;
    write-stdin: func(data: list<u8>) -> result<u32, error-code>;
    close-stdin: func() -> result<_, error-code>;
    signal: func(sig: process-signal) -> result<_, error-code>;
    kill: func() -> result<kill-result, error-code>;
    wait: func(timeout-ms: option<u64>) -> result<exit-info, error-code>;
    wait-with-output: func(timeout-ms: option<u64>) -> result<process-result, error-code>;
    os-pid: func() -> result<u32, error-code>;
    subscribe-exit: func() -> pollable;
    subscribe-logs: func() -> pollable;
  }
  spawn: func(request: spawn-request) -> result<process-result, error-code>;
  spawn-background: func(request: spawn-request) -> result<process-handle, error-code>;
  spawn-persistent: func(request: spawn-request) -> result<process-id, error-code>;  // shapes: p8 p9
  attach: func(id: process-id) -> result<process-handle, error-code>;  // shapes: p8 p9
  list-processes: func(label-filter: option<string>) -> result<list<process-info>, error-code>;  // shapes: p8 p9
  status: func(id: process-id) -> result<process-info, error-code>;  // shapes: p8 p9
  status-many: func(ids: list<process-id>) -> result<list<process-info>, error-code>;  // shapes: p8 p9
  read-logs: func(id: process-id) -> result<read-logs-result, error-code>;  // shapes: p8 p9
  read-since: func(id: process-id, which-stream: log-stream, cursor: log-cursor, max-bytes: u32)  // shapes: p8 p9
    -> result<log-chunk, error-code>;  // shapes: p8 p9
  write-stdin: func(id: process-id, data: list<u8>) -> result<u32, error-code>;  // shapes: p8 p9
  close-stdin: func(id: process-id) -> result<_, error-code>;  // shapes: p8 p9
  signal: func(id: process-id, sig: process-signal) -> result<_, error-code>;  // shapes: p8 p9
  wait: func(id: process-id, timeout-ms: u64) -> result<exit-info, error-code>;  // shapes: p8 p9
  stop: func(id: process-id, grace-ms: option<u64>) -> result<exit-info, error-code>;  // shapes: p8 p9
  release-process: func(id: process-id) -> result<_, error-code>;  // shapes: p8 p9
  watch: func(id: process-id, suffix: option<string>) -> result<_, error-code>;  // shapes: p8 p9
  unwatch: func(id: process-id) -> result<_, error-code>;  // shapes: p8 p9
}
)wit";

constexpr std::string_view kUplink = R"wit(
interface host {
  variant error-code {
    capability-denied, invalid-input, invalid-profile, unknown-uplink, no-session, quota, unknown(string),
  }
  enum uplink-profile { chat, interactive, notify, bridge }
  uplink-register: func(name: string, platform: string, profile: uplink-profile) -> result<string, error-code>;
  uplink-send: func(uplink-id: string, platform-user-id: string, content: string) -> result<bool, error-code>;
}
)wit";

constexpr std::string_view kElicit = R"wit(
interface host {
  variant error-code {
    not-in-lifecycle, timeout, cancelled, invalid-input, store-unavailable, unknown(string),
  }
  enum elicit-type { text, secret, select, array }
  record elicit-request {
    kind: elicit-type, key: string, description: string, options: option<list<string>>,
    default-value: option<string>,
  }
  variant elicit-response { value(string), values(list<string>), secret-stored }
  elicit: func(request: elicit-request) -> result<elicit-response, error-code>;
  has-secret: func(key: string) -> result<bool, error-code>;
}
)wit";

constexpr std::string_view kApproval = R"wit(
interface host {
  variant error-code { invalid-input, timeout, store-unavailable, unknown(string) }
  record approval-request { action: string, target-resource: string }
  enum approval-decision { denied, approved, approved-session, approved-always, allowance }
  record approval-response { decision: approval-decision }
  request-approval: func(request: approval-request) -> result<approval-response, error-code>;
}
)wit";

constexpr std::string_view kIdentity = R"wit(
interface host {
  variant error-code {
    capability-denied, invalid-input, user-not-found, link-not-found, already-linked, store-unavailable,
    unknown(string),
  }
  record identity-resolve-request { platform: string, platform-user-id: string }
  record identity-resolve-response { user-id: string, display-name: option<string> }
  record identity-link-request {
    platform: string, platform-user-id: string, astrid-user-id: string, method: string,
  }
  record identity-unlink-request { platform: string, platform-user-id: string }
  record identity-create-user-request { display-name: option<string> }
  record identity-create-user-response { user-id: string }
  record platform-link { platform: string, platform-user-id: string, linked-at: string, method: string }
  identity-resolve: func(request: identity-resolve-request) -> result<identity-resolve-response, error-code>;
  identity-link: func(request: identity-link-request) -> result<_, error-code>;
  identity-unlink: func(request: identity-unlink-request) -> result<_, error-code>;
  identity-create-user: func(request: identity-create-user-request)
    -> result<identity-create-user-response, error-code>;
  identity-list-links: func(astrid-user-id: string) -> result<list<platform-link>, error-code>;
}
)wit";

constexpr std::string_view kGuest = R"wit(
interface lifecycle {
  record capsule-result { action: string, data: option<string> }
}

// A capsule's world includes the worlds it implements; the kernel looks
// their exports up by name when it calls them, so each is optional
// (reference section 4).
world interceptor {
  use lifecycle.{capsule-result};
  export astrid-hook-trigger: func(action: string, payload: list<u8>) -> capsule-result;
}
world background {
  export run: func();
}
world installable {
  export astrid-install: func();
}
world upgradable {
  export astrid-upgrade: func();
}
)wit";

constexpr std::string_view kCapsule = R"wit(
interface types {
  enum log-level { trace, debug, info, warn, error }
  record key-value-pair { key: string, value: string }
  record capsule-context { event: string, session-id: string, user-id: option<string>, data: option<string> }
  record capsule-result { action: string, data: option<string> }
  record tool-input { name: string, arguments: string }
  record tool-output { content: string, is-error: bool }
  record tool-definition { name: string, description: string, input-schema: string }
  record http-request-data {
    url: string, method: string, headers: list<key-value-pair>, body: option<string>,
  }
  record http-response-data { status: u16, headers: list<key-value-pair>, body: list<u8> }
  record http-stream-start-response { handle: u64, status: u16, headers: list<key-value-pair> }
  record file-stat { size: u64, is-dir: bool, mtime: option<u64> }
  record spawn-request { cmd: string, args: list<string> }
  record process-result { stdout: string, stderr: string, exit-code: s32 }
  record spawn-background-result { id: u64 }
  record read-logs-result { stdout: string, stderr: string, running: bool, exit-code: option<s32> }
  record kill-process-result { killed: bool, exit-code: option<s32>, stdout: string, stderr: string }
  record caller-context { principal: option<string>, source-id: string, timestamp: string }
  record ipc-envelope { messages: list<ipc-message>, dropped: u64, lagged: u64 }
  record ipc-message { topic: string, payload: string, source-id: string }
  record interceptor-handle { handle-id: u64, action: string, topic: string }
  variant net-read-status { data(list<u8>), closed, pending }
  record capability-check-request { source-uuid: string, capability: string }
  record capability-check-response { allowed: bool }
  record identity-resolve-request { platform: string, platform-user-id: string }
  record identity-resolve-response {
    found: bool, user-id: option<string>, display-name: option<string>, error: option<string>,
  }
  record identity-link-request {
    platform: string, platform-user-id: string, astrid-user-id: string, method: string,
  }
  record identity-unlink-request { platform: string, platform-user-id: string }
  record identity-create-user-request { display-name: option<string> }
  record identity-list-links-request { astrid-user-id: string }
  record identity-ok-response {
    ok: bool, error: option<string>, user-id: option<string>, removed: option<bool>,
    links-json: option<string>,
  }
  record elicit-request {
    elicit-type: string, key: string, description: string, options: option<list<string>>,
    default-value: option<string>,
  }
  record approval-request { action: string, target-resource: string }
  record approval-response { approved: bool }
}

interface fs {
  use types.{file-stat};

  fs-exists: func(path: string) -> result<bool, string>;
  fs-mkdir: func(path: string) -> result<_, string>;
  fs-readdir: func(path: string) -> result<list<string>, string>;
  fs-stat: func(path: string) -> result<file-stat, string>;
  fs-unlink: func(path: string) -> result<_, string>;
  read-file: func(path: string) -> result<list<u8>, string>;
  write-file: func(path: string, content: list<u8>) -> result<_, string>;
}

interface ipc {
  use types.{ipc-envelope, interceptor-handle};

  ipc-publish: func(topic: string, payload: string) -> result<_, string>;
  ipc-publish-as: func(topic: string, payload: string, principal: string) -> result<_, string>;
  ipc-subscribe: func(topic-pattern: string) -> result<u64, string>;
  ipc-unsubscribe: func(handle-id: u64) -> result<_, string>;
  ipc-poll: func(handle-id: u64) -> result<ipc-envelope, string>;
  ipc-recv: func(handle-id: u64, timeout-ms: u64) -> result<ipc-envelope, string>;
  get-interceptor-handles: func() -> result<list<interceptor-handle>, string>;
}

interface uplink {
  uplink-register: func(name: string, platform: string, profile: string) -> result<string, string>;
  uplink-send: func(uplink-id: string, platform-user-id: string, content: string) -> result<bool, string>;
}

interface kv {
  kv-get: func(key: string) -> result<option<list<u8>>, string>;
  kv-set: func(key: string, value: list<u8>) -> result<_, string>;
  kv-delete: func(key: string) -> result<_, string>;
  kv-list-keys: func(prefix: string) -> result<list<string>, string>;
  kv-clear-prefix: func(prefix: string) -> result<u64, string>;
}

interface net {
  use types.{net-read-status};

  net-bind-unix: func(listener-handle: u64) -> result<u64, string>;
  net-accept: func(listener-handle: u64) -> result<u64, string>;
  net-poll-accept: func(listener-handle: u64) -> result<option<u64>, string>;
  net-read: func(stream-handle: u64) -> result<net-read-status, string>;
  net-write: func(stream-handle: u64, data: list<u8>) -> result<_, string>;
  net-close-stream: func(stream-handle: u64) -> result<_, string>;
}

interface http {
  use types.{http-request-data, http-response-data, http-stream-start-response};

  http-request: func(request: http-request-data) -> result<http-response-data, string>;
  http-stream-start: func(request: http-request-data) -> result<http-stream-start-response, string>;
  http-stream-read: func(stream-handle: u64) -> result<list<u8>, string>;
  http-stream-close: func(stream-handle: u64) -> result<_, string>;
}

interface sys {
  use types.{log-level, caller-context, capability-check-request, capability-check-response};

  get-config: func(key: string) -> result<string, string>;
  get-caller: func() -> result<caller-context, string>;
  trigger-hook: func(request-json: string) -> result<string, string>;
  log: func(level: log-level, message: string);
  signal-ready: func();
  clock-ms: func() -> u64;
  check-capsule-capability: func(request: capability-check-request)
    -> result<capability-check-response, string>;
}

interface process {
  use types.{spawn-request, process-result, spawn-background-result, read-logs-result, kill-process-result};

  spawn: func(request: spawn-request) -> result<process-result, string>;
  spawn-background: func(request: spawn-request) -> result<spawn-background-result, string>;
  read-logs: func(process-id: u64) -> result<read-logs-result, string>;
  kill: func(process-id: u64) -> result<kill-process-result, string>;
}

interface elicit {
  use types.{elicit-request};

  elicit: func(request: elicit-request) -> result<string, string>;
  has-secret: func(key: string) -> result<bool, string>;
}

interface approval {
  use types.{approval-request, approval-response};

  request-approval: func(request: approval-request) -> result<approval-response, string>;
}

interface identity {
  use types.{
    identity-resolve-request, identity-resolve-response, identity-link-request, identity-unlink-request,
    identity-create-user-request, identity-list-links-request, identity-ok-response,
  };

  identity-resolve: func(request: identity-resolve-request) -> result<identity-resolve-response, string>;
  identity-link: func(request: identity-link-request) -> result<identity-ok-response, string>;
  identity-unlink: func(request: identity-unlink-request) -> result<identity-ok-response, string>;
  identity-create-user: func(request: identity-create-user-request) -> result<identity-ok-response, string>;
  identity-list-links: func(request: identity-list-links-request) -> result<identity-ok-response, string>;
}

// The kernel instantiates through this world: a component must export all
// four functions, with these types (reference section 4.2).
world capsule {
  import fs;
  import ipc;
  import uplink;
  import kv;
  import net;
  import http;
  import sys;
  import process;
  import elicit;
  import approval;
  import identity;
  use types.{capsule-result};
  export astrid-hook-trigger: func(action: string, payload: list<u8>) -> capsule-result;
  export run: func();
  export astrid-install: func();
  export astrid-upgrade: func();
}
)wit";

}  // namespace

std::span<const AbiWitText> abi_wit_texts() {
  static constexpr AbiWitText kTexts[] = {
      {"astrid:io", "1.0.0", "", "astrid-io.wit", kIo},
      {"astrid:fs", "1.0.0", "", "astrid-fs.wit", kFs},
      {"astrid:ipc", "1.0.0", "", "astrid-ipc.wit", kIpc},
      {"astrid:kv", "1.0.0", "", "astrid-kv.wit", kKv},
      {"astrid:net", "1.0.0", "", "astrid-net.wit", kNet},
      {"astrid:http", "1.0.0", "", "astrid-http-1.0.0.wit", kHttp10},
      {"astrid:http", "1.1.0", "", "astrid-http-1.1.0.wit", kHttp11},
      {"astrid:sys", "1.0.0", "s7 s8", "astrid-sys.wit", kSys},
      {"astrid:process", "", "p7 p8 p9", "astrid-process.wit", kProcess},
      {"astrid:uplink", "1.0.0", "", "astrid-uplink.wit", kUplink},
      {"astrid:elicit", "1.0.0", "", "astrid-elicit.wit", kElicit},
      {"astrid:approval", "1.0.0", "", "astrid-approval.wit", kApproval},
      {"astrid:identity", "1.0.0", "", "astrid-identity.wit", kIdentity},
      {"astrid:guest", "1.0.0", "", "astrid-guest.wit", kGuest},
      {"astrid:capsule", "0.1.0", "", "astrid-capsule.wit", kCapsule},
  };
  return kTexts;
}

std::string select_shape(const AbiWitText& text, std::string_view shape) {
  constexpr std::string_view kMarker = "// shapes:";
  auto has = [](std::string_view list, std::string_view word) {
    size_t start = 0;
    while (start < list.size()) {
      const size_t end = std::min(list.find(' ', start), list.size());
      if (list.substr(start, end - start) == word) return true;
      start = end + 1;
    }
    return false;
  };
  std::string out;
  out.reserve(text.text.size());
  size_t start = 0;
  while (start < text.text.size()) {
    const size_t end = std::min(text.text.find('\n', start), text.text.size());
    const std::string_view line = text.text.substr(start, end - start);
    const size_t marker = line.find(kMarker);
    bool keep = true;
    if (marker != std::string_view::npos) {
      const std::string_view tags = line.substr(marker + kMarker.size());
      size_t t = tags.find_first_not_of(' ');
      while (t != std::string_view::npos) {
        const size_t e = std::min(tags.find(' ', t), tags.size());
        if (!has(text.shapes, tags.substr(t, e - t)))
          throw std::logic_error(
              fmt::format("{}: shape `{}` is not one of `{}`", text.file, tags.substr(t, e - t), text.shapes));
        t = tags.find_first_not_of(' ', e);
      }
      keep = shape.empty() || has(tags, shape);
    }
    if (keep) out.append(line);
    out.push_back('\n');
    start = end + 1;
  }
  return out;
}

}  // namespace astrid

#include "abi/component_abi.h"

#include <fmt/format.h>

#include <chrono>

#include "abi/component_abi_wit.h"
#include "abi/wit_format.h"
#include "abi/wit_reader.h"

#include "catch.h"

using namespace astrid;

namespace {

const ComponentRelease& release(std::string_view name) {
  const ComponentRelease* r = find_component_release(name);
  REQUIRE(r);
  return *r;
}

size_t function_count(const ComponentRelease& r) {
  size_t n = 0;
  for (std::string_view name : registered_instances(r))
    if (const HostInterface* h = host_interface(r, name); h && h->wit) n += h->wit->functions.size();
  return n;
}

std::string resolved(std::string_view release_name, std::string_view import) {
  return std::string(resolve_instance_name(release(release_name), import).value_or("-"));
}

std::string signature(const ComponentRelease& r, std::string_view instance, std::string_view function) {
  const HostInterface* h = resolve_instance(r, instance);
  REQUIRE(h);
  const WitFunction* f = h->find_function(function);
  if (!f) return "(none)";
  return format_func(component_abi_types(), f->type, 100000);
}

std::string definition(const ComponentRelease& r, std::string_view instance, std::string_view type) {
  const HostInterface* h = resolve_instance(r, instance);
  REQUIRE(h);
  const auto ref = h->wit->find_type(type);
  if (!ref) return "(none)";
  return format_definition(component_abi_types(), *ref, 100000);
}

}  // namespace

TEST_CASE("component ABI: the WIT reads, every shape of it") {
  WitModel model;
  const auto error = load_component_abi_wit(model);
  INFO((error ? error->to_string() : ""));
  REQUIRE_FALSE(error);
  // io, fs, ipc, kv, net, http 1.0.0 and 1.1.0, uplink, elicit, approval,
  // identity, guest, capsule; sys twice, process four times.
  CHECK(model.packages.size() == 19);
}

TEST_CASE("component ABI: a shape marker naming an unknown shape is a bug caught here") {
  const AbiWitText text{"t:x", "1.0.0", "a b", "x.wit", "\ninterface i {\n  f: func();  // shapes: c\n}\n"};
  CHECK_THROWS_WITH(select_shape(text, "a"), Catch::Matchers::ContainsSubstring("shape `c` is not one of `a b`"));
  const AbiWitText good{"t:x", "1.0.0", "a b", "x.wit", "\n  f: func();  // shapes: b\n  g: func();\n"};
  CHECK(select_shape(good, "a") == "\n\n  g: func();\n");
  CHECK(select_shape(good, "b") == "\n  f: func();  // shapes: b\n  g: func();\n");
}

TEST_CASE("component ABI: releases") {
  const auto all = component_releases();
  REQUIRE(all.size() == 14);
  CHECK(all.front().name == "v0.6.0");
  CHECK(all[12].name == "v0.10.4");
  CHECK(all.back().name == "main");
  CHECK_FALSE(all.back().tagged);
  for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].index == i);
  CHECK(find_component_release("0.9.1") == &all[4]);
  CHECK(find_component_release("v0.9.1") == &all[4]);
  CHECK(find_component_release("main") == &all[13]);
  CHECK(find_component_release("v0.5.1") == nullptr);
  CHECK(find_component_release("ain") == nullptr);
  CHECK(release("v0.8.0").engine.wasmtime == "45");
  CHECK(release("v0.10.4").engine.wasmtime == "46.0.1");
  CHECK_FALSE(release("v0.8.0").engine.cm_async);
  CHECK(release("v0.9.0").engine.cm_async);
  CHECK(release("v0.6.0").engine.wasi);
  CHECK_FALSE(release("v0.7.0").engine.fuel);
  CHECK(release("v0.8.0").engine.fuel);
  CHECK(release("main").engine.function_references);
  CHECK_FALSE(release("v0.10.4").engine.function_references);
  CHECK(release("main").engine.all_component_capabilities);
  // Five distinct host ABIs.
  std::vector<std::string_view> abis;
  for (const ComponentRelease& r : all)
    if (std::find(abis.begin(), abis.end(), r.abi) == abis.end()) abis.push_back(r.abi);
  CHECK(abis == std::vector<std::string_view>{"C0", "v0.7.0", "v0.8.0", "v0.9.0", "v0.9.1+"});
  CHECK(describe_releases({&all[2], &all[4], &all[5], &all[13]}) == "v0.8.0,v0.9.1..v0.9.2,main");
  CHECK(describe_releases({}) == "-");
}

TEST_CASE("component ABI: what each release registers, with the reference's function counts") {
  CHECK(function_count(release("v0.6.0")) == 50);
  CHECK(function_count(release("v0.7.0")) == 142);
  CHECK(function_count(release("v0.8.0")) == 158);
  CHECK(function_count(release("v0.9.0")) == 173);
  for (std::string_view r : {"v0.9.1", "v0.9.4", "v0.10.0", "v0.10.4", "main"})
    CHECK(function_count(release(r)) == 200);
  CHECK(registered_instances(release("v0.6.0")).size() == 12 + 27);
  CHECK(registered_instances(release("v0.7.0")).size() == 15);
  CHECK(registered_instances(release("v0.9.0")).size() == 16);
  CHECK(registered_instances(release("main")).size() == 17);
  const HostInterface* wasi = host_interface(release("v0.6.0"), "wasi:cli/exit@0.2.6");
  REQUIRE(wasi);
  CHECK(wasi->wit == nullptr);  // served, not type-checked
  CHECK(host_interface(release("v0.7.0"), "wasi:cli/exit@0.2.6") == nullptr);
  const HostInterface* lifecycle = host_interface(release("v0.7.0"), "astrid:guest/lifecycle@1.0.0");
  REQUIRE(lifecycle);
  CHECK(lifecycle->wit->functions.empty());
  CHECK(lifecycle->wit->find_typedef("capsule-result"));
}

TEST_CASE("component ABI: name resolution, exact first, then the semver track") {
  // Section 3.2's table.
  CHECK(resolved("v0.7.0", "astrid:http/host@1.1.0") == "astrid:http/host@1.0.0");
  CHECK(resolved("v0.9.0", "astrid:http/host@1.0.0") == "astrid:http/host@1.0.0");
  CHECK(resolved("v0.9.0", "astrid:http/host@1.1.0") == "astrid:http/host@1.1.0");
  CHECK(resolved("v0.8.0", "astrid:http/host@1.0.3") == "astrid:http/host@1.0.0");
  CHECK(resolved("v0.9.0", "astrid:http/host@1.0.3") == "astrid:http/host@1.1.0");
  CHECK(resolved("v0.9.1", "astrid:http/host@1.2.0") == "astrid:http/host@1.1.0");
  CHECK(resolved("v0.8.0", "astrid:process/host@1.1.0") == "astrid:process/host@1.0.0");
  CHECK(resolved("v0.9.0", "astrid:process/host@1.1.0") == "astrid:process/host@1.0.0");
  CHECK(resolved("v0.9.1", "astrid:process/host@1.1.0") == "astrid:process/host@1.1.0");
  CHECK(resolved("main", "astrid:process/host@1.0.0") == "astrid:process/host@1.0.0");
  CHECK(resolved("v0.7.0", "astrid:sys/host@1.0.1") == "astrid:sys/host@1.0.0");
  CHECK(resolved("main", "astrid:fs/host@2.0.0") == "-");
  CHECK(resolved("main", "astrid:fs/host@1.0.0-rc1") == "-");
  CHECK(resolved("main", "astrid:fs/host") == "-");
  CHECK(resolved("main", "astrid:fs/host@1.0.0+build.7") == "astrid:fs/host@1.0.0");
  CHECK(resolved("main", "astrid:fs/host@1.0") == "-");
  CHECK(resolved("v0.6.0", "wasi:io/poll@0.2.0") == "wasi:io/poll@0.2.6");
  CHECK(resolved("v0.6.0", "wasi:io/poll@0.3.0") == "-");
  CHECK(resolved("v0.6.0", "astrid:capsule/fs@0.1.3") == "astrid:capsule/fs@0.1.0");
  CHECK(resolved("v0.6.0", "astrid:fs/host@1.0.0") == "-");
  CHECK(resolved("v0.7.0", "astrid:capsule/fs@0.1.0") == "-");
  // The shape a name resolves to on each release.
  CHECK(resolve_instance(release("v0.8.0"), "astrid:process/host@1.0.0")->shape == "p8");
  CHECK(resolve_instance(release("v0.9.0"), "astrid:process/host@1.0.0")->shape == "p9");
  CHECK(resolve_instance(release("v0.9.1"), "astrid:process/host@1.0.0")->shape == "p8");
  CHECK(resolve_instance(release("v0.9.1"), "astrid:process/host@1.0.0") ==
        resolve_instance(release("v0.8.0"), "astrid:process/host@1.0.0"));
  CHECK(resolve_instance(release("v0.7.0"), "astrid:process/host@1.1.0")->shape == "p7");
  CHECK(resolve_instance(release("v0.7.0"), "astrid:nope/host@1.0.0") == nullptr);
}

TEST_CASE("component ABI: unknown names, where names are served, where functions are") {
  CHECK(suggest_instance("astrid:fs/hots@1.0.0") == "astrid:fs/host@1.0.0");
  CHECK(suggest_instance("astrid:process/host@1.1.1") == "astrid:process/host@1.1.0");
  CHECK_FALSE(suggest_instance("example:thing/else@9.9.9"));
  const auto http11 = served_runs("astrid:http/host@1.1.0");
  REQUIRE(http11.size() == 1);
  CHECK(http11[0].first->name == "v0.9.0");
  CHECK(http11[0].last->name == "main");
  const auto c0 = served_runs("astrid:capsule/kv@0.1.0");
  REQUIRE(c0.size() == 1);
  CHECK(c0[0].last->name == "v0.6.0");
  CHECK(served_runs("astrid:kv/host@2.0.0").empty());
  CHECK(describe_releases(resolving_releases("astrid:http/host@1.1.0")) == "v0.7.0..main");
  CHECK(describe_releases(releases_with_function("astrid:sys/host@1.0.0", "enumerate-capabilities")) == "v0.8.0..main");
  CHECK(describe_releases(releases_with_function("astrid:process/host@1.0.0", "spawn-persistent")) == "v0.8.0..main");
  CHECK(describe_releases(releases_with_function("astrid:http/host@1.1.0", "http-upload-start")) == "v0.9.0..main");
  CHECK(describe_releases(releases_with_function("astrid:capsule/sys@0.1.0", "trigger-hook")) == "v0.6.0");
}

TEST_CASE("component ABI: interfaces, their functions, resources and types") {
  const ComponentRelease& v091 = release("v0.9.1");
  const HostInterface* fs = resolve_instance(v091, "astrid:fs/host@1.0.0");
  REQUIRE(fs);
  CHECK(fs->resources() == std::vector<std::string_view>{"file-handle"});
  CHECK(signature(v091, "astrid:fs/host@1.0.0", "[method]file-handle.read-at") ==
        "func(self: borrow<file-handle>, offset: u64, max-bytes: u32) -> result<list<u8>, error-code>");
  CHECK(signature(v091, "astrid:net/host@1.0.0", "[method]tcp-stream.read-stream") ==
        "func(self: borrow<tcp-stream>) -> input-stream");
  // A used resource keeps its identity: the interface that defines it.
  const WitFunction* readiness =
      resolve_instance(v091, "astrid:ipc/host@1.0.0")->find_function("[method]subscription.subscribe-readiness");
  REQUIRE(readiness);
  const TypeNode& own = component_abi_types()[readiness->type.results[0].type];
  REQUIRE(own.kind == TypeKind::Own);
  CHECK(component_abi_types()[*own.element].owner == "astrid:io/poll@1.0.0");
  const TypeNode& self = component_abi_types()[readiness->type.params[0].type];
  CHECK(component_abi_types()[*self.element].owner == "astrid:ipc/host@1.0.0");
  // The process shapes.
  CHECK(definition(release("v0.7.0"), "astrid:process/host@1.0.0", "spawn-request") ==
        "record spawn-request { cmd: string, args: list<string>, stdin: option<list<u8>>, env: list<env-var>, "
        "cwd: option<string> }");
  CHECK(definition(release("v0.7.0"), "astrid:process/host@1.0.0", "process-signal") ==
        "enum process-signal { term, hup, usr1, usr2, int }");
  auto fields = [](const ComponentRelease& r, std::string_view instance) {
    const HostInterface* h = resolve_instance(r, instance);
    return component_abi_types()[*h->wit->find_type("spawn-request")].members.size();
  };
  CHECK(fields(release("v0.7.0"), "astrid:process/host@1.0.0") == 5);
  CHECK(fields(release("v0.8.0"), "astrid:process/host@1.0.0") == 13);
  CHECK(fields(release("v0.9.0"), "astrid:process/host@1.0.0") == 14);
  CHECK(fields(release("v0.9.1"), "astrid:process/host@1.0.0") == 13);
  CHECK(fields(release("v0.9.1"), "astrid:process/host@1.1.0") == 14);
  CHECK(resolve_instance(release("v0.7.0"), "astrid:process/host@1.0.0")->wit->functions.size() == 12);
  CHECK(resolve_instance(release("v0.7.0"), "astrid:sys/host@1.0.0")->find_function("enumerate-capabilities") ==
        nullptr);
  CHECK(resolve_instance(release("v0.8.0"), "astrid:sys/host@1.0.0")->find_function("enumerate-capabilities"));
  // process@1.1.0 is P9 served under its own name: its resources are its own.
  const WitFunction* bg = resolve_instance(v091, "astrid:process/host@1.1.0")->find_function("spawn-background");
  const TypeNode& result = component_abi_types()[bg->type.results[0].type];
  const TypeNode& handle = component_abi_types()[*component_abi_types()[*result.element].element];
  CHECK(handle.owner == "astrid:process/host@1.1.0");
  // Aliases are transparent.
  CHECK(
      component_abi_types()[*resolve_instance(v091, "astrid:process/host@1.0.0")->wit->find_type("process-id")].kind ==
      TypeKind::String);
}

TEST_CASE("component ABI: gates per function and release") {
  auto gate = [](std::string_view r, std::string_view instance, std::string_view function) {
    return describe(host_gate(release(r), instance, function));
  };
  CHECK(gate("v0.9.1", "astrid:fs/host@1.0.0", "read-file") == "fs_read");
  CHECK(gate("v0.9.1", "astrid:fs/host@1.0.0", "fs-mkdir-all") == "fs_write");
  CHECK(gate("v0.9.1", "astrid:fs/host@1.0.0", "fs-copy") == "-");
  CHECK(gate("v0.8.0", "astrid:http/host@1.0.0", "http-request") ==
        "net (host allowlist: exact, subdomain, or *) + SSRF airlock");
  CHECK(gate("v0.9.0", "astrid:http/host@1.1.0", "http-request-opts") ==
        "net (host allowlist: exact, subdomain, or *) + SSRF airlock + scheme http/https");
  CHECK(gate("v0.7.0", "astrid:ipc/host@1.0.0", "publish") ==
        "[publish] keys (fallback capabilities.ipc_publish when [publish] empty)");
  CHECK(gate("v0.8.0", "astrid:ipc/host@1.0.0", "publish") == "[publish] keys");
  CHECK(gate("v0.8.0", "astrid:ipc/host@1.0.0", "publish-as") == "uplink=true + [publish] keys");
  CHECK(gate("v0.6.0", "astrid:capsule/ipc@0.1.0", "ipc-subscribe") ==
        "[subscribe] keys (fallback capabilities.ipc_subscribe when [subscribe] empty)");
  CHECK(gate("v0.10.4", "astrid:net/host@1.0.0", "bind-tcp") == "always capability-denied");
  CHECK(gate("main", "astrid:net/host@1.0.0", "bind-tcp") == "net_bind host:port or host:* + loopback-only");
  CHECK(gate("v0.10.4", "astrid:net/host@1.0.0", "bind-unix") == "net_bind: any non-empty entry");
  CHECK(gate("main", "astrid:net/host@1.0.0", "bind-unix") == "net_bind: an entry starting unix:");
  CHECK(gate("main", "astrid:net/host@1.0.0", "udp-bind") == "always capability-denied");
  CHECK(gate("main", "astrid:net/host@1.0.0", "lookup-host") == "net_connect with port 0 (host:* or host:0)");
  CHECK(gate("v0.9.1", "astrid:process/host@1.1.0", "spawn-persistent") ==
        "host_process (cmd equals an entry, or starts with entry plus a space) + allow_persistent=true");
  CHECK(gate("v0.8.0", "astrid:elicit/host@1.0.0", "elicit") ==
        "only inside astrid-install/astrid-upgrade (else not-in-lifecycle)");
  CHECK(gate("v0.9.0", "astrid:elicit/host@1.0.0", "elicit") == "-");
  CHECK(gate("main", "astrid:identity/host@1.0.0", "identity-resolve") == "identity: resolve|link|admin");
  CHECK(gate("main", "astrid:identity/host@1.0.0", "identity-create-user") == "identity: admin");
  CHECK(gate("v0.6.0", "astrid:capsule/uplink@0.1.0", "uplink-register") == "-");
  CHECK(gate("v0.7.0", "astrid:uplink/host@1.0.0", "uplink-register") == "uplink=true");
  const HostGate& persistent = host_gate(release("main"), "astrid:process/host@1.0.0", "spawn-persistent");
  REQUIRE(persistent.needs.size() == 2);
  CHECK(persistent.needs[1].capability == ComponentCapability::AllowPersistent);
  CHECK(manifest_key(persistent.needs[0].capability) == "host_process");
}

TEST_CASE("component ABI: what links but cannot succeed") {
  const ComponentRelease& v0104 = release("v0.10.4");
  const ComponentRelease& main = release("main");
  CHECK(cannot_succeed(v0104, "astrid:net/host@1.0.0", "udp-bind"));
  CHECK(cannot_succeed(v0104, "astrid:net/host@1.0.0", "[method]udp-socket.send"));
  CHECK(cannot_succeed(v0104, "astrid:net/host@1.0.0", "[method]tcp-listener.accept"));
  CHECK_FALSE(cannot_succeed(main, "astrid:net/host@1.0.0", "[method]tcp-listener.accept"));
  CHECK_FALSE(cannot_succeed(main, "astrid:net/host@1.0.0", "bind-tcp"));
  CHECK(cannot_succeed(main, "astrid:fs/host@1.0.0", "fs-open"));
  CHECK(cannot_succeed(main, "astrid:http/host@1.1.0", "http-upload-start"));
  CHECK_FALSE(cannot_succeed(main, "astrid:fs/host@1.0.0", "read-file"));
  CHECK_FALSE(cannot_succeed(main, "astrid:process/host@1.0.0", "status"));  // restricted, not hopeless
  const auto note = runtime_note(main, "astrid:process/host@1.0.0", "status");
  REQUIRE(note);
  CHECK(note->kind == RuntimeKind::Restricted);
  CHECK(note->text == "scoped to own (principal, capsule) processes");
  CHECK_FALSE(runtime_note(release("v0.6.0"), "astrid:capsule/fs@0.1.0", "fs-stat"));
}

TEST_CASE("component ABI: guest exports") {
  const auto& c0 = guest_exports(release("v0.6.0"));
  REQUIRE(c0.size() == 4);
  for (const GuestExport& e : c0) CHECK(e.required);
  CHECK(c0[0].name == "astrid-hook-trigger");
  CHECK(c0[0].world == "astrid:capsule/capsule@0.1.0");
  CHECK(format_func(component_abi_types(), c0[0].type) == "func(action: string, payload: list<u8>) -> capsule-result");
  const auto& later = guest_exports(release("main"));
  REQUIRE(later.size() == 4);
  std::vector<std::string_view> names;
  for (const GuestExport& e : later) {
    CHECK_FALSE(e.required);
    names.push_back(e.name);
    CHECK(e.stub_detected == (e.role != GuestRole::HookTrigger));
  }
  CHECK(names == std::vector<std::string_view>{"astrid-hook-trigger", "run", "astrid-install", "astrid-upgrade"});
  CHECK(later[0].world == "astrid:guest/interceptor@1.0.0");
  CHECK(format_definition(component_abi_types(), later[0].type.results[0].type) ==
        "record capsule-result { action: string, data: option<string> }");
  CHECK(format_func(component_abi_types(), later[1].type) == "func()");
  // The C0 world imports every interface of its package, `types` because
  // the others use it.
  const WitWorld* capsule = component_abi_model().find_world("astrid:capsule/capsule@0.1.0");
  REQUIRE(capsule);
  CHECK(capsule->imports.size() == 12);
  CHECK(capsule->imports[0].name == "astrid:capsule/types@0.1.0");
  CHECK(capsule->imports[0].implicit);
}

TEST_CASE("component ABI: every interface prints as WIT that reads back the same") {
  const WitModel& abi = component_abi_model();
  const WitPackage* io = abi.find_package("astrid:io@1.0.0");
  REQUIRE(io);
  for (const auto& package : abi.packages) {
    WitModel again;
    std::vector<WitPackageFiles> files;
    if (package.get() != io) files.push_back({{{"io.wit", format_package(abi.types, *io)}}});
    files.push_back({{{package->id() + ".wit", format_package(abi.types, *package)}}});
    const auto error = read_wit(again, files);
    INFO(package->id() << ": " << (error ? error->to_string() : ""));
    REQUIRE_FALSE(error);
    const WitPackage* copy = again.packages.back().get();
    REQUIRE(copy->interfaces.size() == package->interfaces.size());
    for (size_t i = 0; i < package->interfaces.size(); ++i)
      CHECK(interface_listing(again.types, *copy->interfaces[i]) ==
            interface_listing(abi.types, *package->interfaces[i]));
  }
}

// Not run by default: `unit_tests "[.benchmark]"` prints what reading the
// ABI's WIT costs, which every process that checks a component pays once.
TEST_CASE("component ABI: time to read the WIT", "[.benchmark]") {
  constexpr int kRuns = 200;
  const auto start = std::chrono::steady_clock::now();
  size_t nodes = 0;
  for (int i = 0; i < kRuns; ++i) {
    WitModel model;
    REQUIRE_FALSE(load_component_abi_wit(model));
    nodes = model.types.size();
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  fmt::print("reading the component ABI's WIT: {:.3f} ms per read ({} type nodes, mean of {})\n",
             std::chrono::duration<double, std::milli>(elapsed).count() / kRuns, nodes, kRuns);
}

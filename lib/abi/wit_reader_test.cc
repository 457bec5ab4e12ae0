#include "abi/wit_reader.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "abi/wit_format.h"

#include "catch.h"

using namespace astrid;

namespace {

WitModel read(std::string_view text, const WitReadOptions& options = {}) {
  auto result = read_wit_string(text, "test.wit", options);
  if (auto* error = std::get_if<WitError>(&result)) FAIL(error->to_string());
  return std::move(std::get<WitModel>(result));
}

std::string error_of(std::string_view text, const WitReadOptions& options = {}) {
  auto result = read_wit_string(text, "test.wit", options);
  if (auto* error = std::get_if<WitError>(&result)) return error->to_string();
  return "no error";
}

std::string func(const WitModel& m, const WitInterface& i, std::string_view name) {
  const WitFunction* f = i.find_function(name);
  if (!f) return "(missing)";
  return format_func(m.types, f->type);
}

const WitInterface& iface(const WitModel& m, std::string_view full_name) {
  const WitInterface* i = m.find_interface(full_name);
  REQUIRE(i);
  return *i;
}

}  // namespace

TEST_CASE("WIT: a package's interface, its types and functions") {
  const WitModel m = read(R"(
    // A line comment.
    /// A doc comment.
    /* A block /* nested */ comment. */
    package astrid:kv@1.0.0;

    interface host {
      variant error-code { invalid-key, too-large, unknown(string) }
      record key-page { keys: list<string>, next-cursor: option<string>, }
      kv-get: func(key: string) -> result<option<list<u8>>, error-code>;
      kv-set: func(key: string, value: list<u8>) -> result<_, error-code>;
      kv-list-keys-page: func(prefix: string, cursor: option<string>, limit: u32) -> result<key-page, error-code>;
    }
  )");
  REQUIRE(m.packages.size() == 1);
  CHECK(m.packages[0]->id() == "astrid:kv@1.0.0");
  const WitInterface& kv = iface(m, "astrid:kv/host@1.0.0");
  CHECK(kv.name == "host");
  CHECK(kv.package == m.packages[0].get());
  REQUIRE(kv.types.size() == 2);
  CHECK(format_definition(m.types, kv.types[0].type) ==
        "variant error-code { invalid-key, too-large, unknown(string) }");
  CHECK(format_definition(m.types, kv.types[1].type) ==
        "record key-page { keys: list<string>, next-cursor: option<string> }");
  REQUIRE(kv.functions.size() == 3);
  CHECK(kv.functions[0].name == "kv-get");
  CHECK(func(m, kv, "kv-get") == "func(key: string) -> result<option<list<u8>>, error-code>");
  CHECK(func(m, kv, "kv-set") == "func(key: string, value: list<u8>) -> result<_, error-code>");
  CHECK(kv.place.line == 7);
  CHECK(kv.functions[0].place.line == 10);
}

TEST_CASE("WIT: resources get their component-level names and an explicit self") {
  const WitModel m = read(R"(
    package t:r;
    interface fs {
      enum mode { read, write }
      resource file-handle {
        constructor(path: string);
        read-at: func(offset: u64, max-bytes: u32) -> result<list<u8>, string>;
        open: static func(path: string, m: mode) -> result<file-handle, string>;
        stat: async func() -> u64;
        duplicate: func() -> own<file-handle>;
      }
      resource lazy { constructor() -> result<lazy, string>; }
      resource plain;
      copy: func(src: borrow<file-handle>, dst: file-handle);
    }
  )");
  const WitInterface& fs = iface(m, "t:r/fs");
  std::vector<std::string> names;
  for (const WitFunction& f : fs.functions) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"[constructor]file-handle", "[method]file-handle.read-at",
                                          "[static]file-handle.open", "[method]file-handle.stat",
                                          "[method]file-handle.duplicate", "[constructor]lazy", "copy"});
  CHECK(func(m, fs, "[constructor]file-handle") == "func(path: string) -> file-handle");
  CHECK(func(m, fs, "[method]file-handle.read-at") ==
        "func(self: borrow<file-handle>, offset: u64, max-bytes: u32) -> result<list<u8>, string>");
  CHECK(func(m, fs, "[static]file-handle.open") == "func(path: string, m: mode) -> result<file-handle, string>");
  CHECK(func(m, fs, "[method]file-handle.stat") == "async func(self: borrow<file-handle>) -> u64");
  CHECK(func(m, fs, "[constructor]lazy") == "func() -> result<lazy, string>");
  CHECK(fs.find_function("[constructor]lazy")->explicit_result);
  CHECK(func(m, fs, "copy") == "func(src: borrow<file-handle>, dst: file-handle)");
  // A bare resource name and own<> are the same owned handle.
  const FuncType& dup = fs.find_function("[method]file-handle.duplicate")->type;
  const TypeNode& own = m.types[dup.results[0].type];
  CHECK(own.kind == TypeKind::Own);
  const TypeNode& resource = m.types[*own.element];
  CHECK(resource.kind == TypeKind::Resource);
  CHECK(resource.name == "file-handle");
  CHECK(resource.owner == "t:r/fs");
  const FuncType& stat = fs.find_function("[method]file-handle.stat")->type;
  CHECK(stat.async);
  const WitFunction* method = fs.find_function("[method]file-handle.read-at");
  CHECK(method->kind == WitFuncKind::Method);
  CHECK(method->resource == "file-handle");
  CHECK(method->item == "read-at");
  REQUIRE(fs.find_typedef("plain"));
  CHECK(fs.find_typedef("plain")->kind == WitTypeDefKind::Resource);
}

TEST_CASE("WIT: every type form") {
  const WitModel m = read(R"(
    package t:types@0.2.0;
    interface all {
      resource r;
      flags perms { read, write, exec }
      type bytes = list<u8>;
      type alias-of-alias = bytes;
      f: func(
        a: bool, b: s8, c: u8, d: s16, e: u16, g: s32, h: u32, i: s64, j: u64, k: f32, l: f64, m: char, n: string,
        o: list<u8, 4>, p: tuple<u32, string>, q: option<r>, s: stream<u8>, t: stream, u: future<string>, v: future,
        w: error-context, x: result, y: result<u32>, z: result<_, string>, aa: result<u32, string>, bb: borrow<r>,
        cc: own<r>, dd: perms, ee: alias-of-alias);
    }
  )");
  const WitInterface& all = iface(m, "t:types/all@0.2.0");
  CHECK(func(m, all, "f") ==
        "func(a: bool, b: s8, c: u8, d: s16, e: u16, g: s32, h: u32, i: s64, j: u64, k: f32, l: f64, m: char, "
        "n: string, o: list<u8, 4>, p: tuple<u32, string>, q: option<r>, s: stream<u8>, t: stream, "
        "u: future<string>, v: future, w: error-context, x: result, y: result<u32>, z: result<_, string>, "
        "aa: result<u32, string>, bb: borrow<r>, cc: r, dd: perms, ee: list<u8>)");
  // An alias is transparent: the very node it stands for.
  CHECK(*all.find_type("alias-of-alias") == *all.find_type("bytes"));
  CHECK(m.types[*all.find_type("bytes")].kind == TypeKind::List);
  CHECK(all.find_typedef("bytes")->kind == WitTypeDefKind::Alias);
  CHECK(all.find_type("u32") == std::nullopt);
}

TEST_CASE("WIT: types may be used before they are defined") {
  const WitModel m = read(R"(
    package t:fwd;
    interface ipc {
      record ipc-envelope { messages: list<ipc-message>, dropped: u64 }
      record ipc-message { topic: string, principal: attribution }
      variant attribution { verified(string), system }
    }
  )");
  const WitInterface& ipc = iface(m, "t:fwd/ipc");
  CHECK(format_definition(m.types, *ipc.find_type("ipc-envelope")) ==
        "record ipc-envelope { messages: list<ipc-message>, dropped: u64 }");
  // Declaration order is kept for printing.
  CHECK(ipc.types[0].name == "ipc-envelope");
  CHECK(ipc.types[2].name == "attribution");
}

TEST_CASE("WIT: use between interfaces and packages keeps one resource identity") {
  const WitModel m = read(R"(
    package astrid:io@1.0.0 {
      interface poll {
        resource pollable { ready: func() -> bool; }
      }
      interface streams {
        use poll.{pollable};
        resource input-stream { subscribe: func() -> pollable; }
      }
    }
    package astrid:net@1.0.0 {
      interface host {
        use astrid:io/poll@1.0.0.{pollable as p};
        use astrid:io/streams@1.0.0.{input-stream, pollable};
        read-stream: func() -> input-stream;
        wait: func(a: borrow<p>, b: borrow<pollable>);
      }
    }
  )");
  const WitInterface& net = iface(m, "astrid:net/host@1.0.0");
  REQUIRE(net.uses.size() == 2);
  CHECK(net.uses[0].from == &iface(m, "astrid:io/poll@1.0.0"));
  CHECK(net.uses[0].names[0].name == "pollable");
  CHECK(net.uses[0].names[0].local == "p");
  // `pollable` re-used through streams is the same resource as `p`.
  CHECK(*net.find_type("p") == *net.find_type("pollable"));
  const TypeNode& pollable = m.types[*net.find_type("p")];
  CHECK(pollable.owner == "astrid:io/poll@1.0.0");
  CHECK(m.types[*net.find_type("input-stream")].owner == "astrid:io/streams@1.0.0");
  CHECK(net.dependencies() ==
        std::vector<const WitInterface*>{&iface(m, "astrid:io/poll@1.0.0"), &iface(m, "astrid:io/streams@1.0.0")});
  CHECK(func(m, net, "wait") == "func(a: borrow<pollable>, b: borrow<pollable>)");
}

TEST_CASE("WIT: top-level use names another package's interface") {
  const WitModel m = read(R"(
    package t:app;
    use t:lib/types@1.2.3 as lib;
    interface host {
      use lib.{thing};
      get: func() -> thing;
    }
    world w { import lib; export host; }
    package t:lib@1.2.3 { interface types { record thing { a: u32 } } }
  )");
  const WitInterface& host = iface(m, "t:app/host");
  CHECK(func(m, host, "get") == "func() -> thing");
  const WitWorld* w = m.find_world("t:app/w");
  REQUIRE(w);
  REQUIRE(w->imports.size() == 1);
  CHECK(w->imports[0].name == "t:lib/types@1.2.3");
}

TEST_CASE("WIT: escaped names, keywords, kebab-case") {
  const WitModel m = read(R"(
    package t:esc;
    interface %interface {
      enum method { get, %type, %result, delete, map }
      %use: func(%type: method) -> string;
      %string: func();
    }
  )");
  const WitInterface& i = iface(m, "t:esc/interface");
  CHECK(format_definition(m.types, *i.find_type("method")) == "enum method { get, type, result, delete, map }");
  CHECK(i.find_function("use"));
  CHECK(i.find_function("string"));
  CHECK_THAT(error_of("package t:x; interface i { type: func(); }"),
             Catch::Matchers::ContainsSubstring("expected a type name, found `:`"));
  CHECK_THAT(error_of("package t:x; interface i { f: func(type: u32); }"),
             Catch::Matchers::ContainsSubstring("`type` is a WIT keyword; write `%type`"));
  CHECK_THAT(error_of("package t:x; interface i { Mixed-case: func(); }"),
             Catch::Matchers::ContainsSubstring("invalid name `Mixed-case`: the word `Mixed` mixes upper and lower case"));
  CHECK_THAT(error_of("package t:x; interface i { a--b: func(); }"), Catch::Matchers::ContainsSubstring("empty word"));
  CHECK_THAT(error_of("package t:x; interface i { snake_case: func(); }"), Catch::Matchers::ContainsSubstring("`_` is not allowed"));
  CHECK_THAT(error_of("package t:x; interface i { 1abc: func(); }"), Catch::Matchers::ContainsSubstring("expected `use`"));
  CHECK(read("package t:x; interface i { http-2: func(); URL-path: func(); }").packages.size() == 1);
}

TEST_CASE("WIT: worlds import and export interfaces, functions and inline interfaces") {
  const WitModel m = read(R"(
    package astrid:guest@1.0.0;
    interface lifecycle { record capsule-result { action: string, data: option<string> } }
    interface types { record thing { a: u32 } }
    interface fs { use types.{thing}; get: func() -> thing; }
    world interceptor {
      use lifecycle.{capsule-result};
      export astrid-hook-trigger: func(action: string, payload: list<u8>) -> capsule-result;
    }
    world background { export run: func(); }
    world capsule {
      import fs;
      import extra: interface { ping: func() -> u32; }
      import clock: func() -> u64;
      import labelled: fs;
      include interceptor;
      include background with { run as main-loop }
      export async-run: async func();
    }
  )");
  const WitWorld* w = m.find_world("astrid:guest/capsule@1.0.0");
  REQUIRE(w);
  std::vector<std::string> imports, exports;
  for (const WitWorldItem& i : w->imports) imports.push_back(i.name + (i.implicit ? " (implicit)" : ""));
  for (const WitWorldItem& e : w->exports) exports.push_back(e.name);
  CHECK(imports == std::vector<std::string>{"astrid:guest/types@1.0.0 (implicit)", "astrid:guest/fs@1.0.0", "extra",
                                            "clock", "labelled", "astrid:guest/lifecycle@1.0.0 (implicit)"});
  CHECK(exports == std::vector<std::string>{"async-run", "astrid-hook-trigger", "main-loop"});
  const WitWorldItem* trigger = w->find_export("astrid-hook-trigger");
  REQUIRE(trigger);
  CHECK(format_func(m.types, trigger->func) == "func(action: string, payload: list<u8>) -> capsule-result");
  CHECK(w->find_export("async-run")->func.async);
  const WitWorldItem* extra = w->find_import("extra");
  REQUIRE(extra->interface);
  CHECK(extra->interface->full_name == "extra");
  CHECK(extra->interface->package == nullptr);
  CHECK(func(m, *extra->interface, "ping") == "func() -> u32");
  CHECK(w->find_import("labelled")->interface == &iface(m, "astrid:guest/fs@1.0.0"));
  REQUIRE(w->uses.size() == 1);
  CHECK(w->uses[0].names[0].local == "capsule-result");
}

TEST_CASE("WIT: feature gates are kept, @unstable items left out unless enabled") {
  const std::string_view text = R"(
    package wasi:cli@0.2.6;
    @since(version = 0.2.0)
    interface exit {
      @since(version = 0.2.0) @deprecated(version = 0.2.5)
      exit: func(status: result);
      @unstable(feature = cli-exit-with-code)
      exit-with-code: func(status-code: u8);
      @external-id("exit-1")
      quit: func();
    }
  )";
  const WitModel plain = read(text);
  const WitInterface& exit = iface(plain, "wasi:cli/exit@0.2.6");
  CHECK(exit.gate.since == "0.2.0");
  CHECK(exit.find_function("exit")->gate.deprecated == "0.2.5");
  CHECK(exit.find_function("exit-with-code") == nullptr);
  WitReadOptions options;
  options.features = {"cli-exit-with-code"};
  const WitModel featured = read(text, options);
  REQUIRE(iface(featured, "wasi:cli/exit@0.2.6").find_function("exit-with-code"));
  CHECK(iface(featured, "wasi:cli/exit@0.2.6").find_function("exit-with-code")->gate.unstable == "cli-exit-with-code");
  WitReadOptions all;
  all.all_features = true;
  CHECK(iface(read(text, all), "wasi:cli/exit@0.2.6").find_function("exit-with-code"));
  CHECK_THAT(error_of("package t:x; @frobnicate(x = 1) interface i {}"),
             Catch::Matchers::ContainsSubstring("unknown attribute `@frobnicate`"));
}

TEST_CASE("WIT: versions") {
  CHECK(read("package a:b@1.0.0-rc.1+build.5; interface i {}").packages[0]->version == "1.0.0-rc.1+build.5");
  CHECK(read("package a:b@0.2.0-rc-2023-11-10; interface i {}").packages[0]->version == "0.2.0-rc-2023-11-10");
  const WitModel m = read(R"(
    package a:b;
    interface i { use a:c/j@1.0.0-rc1.{t}; f: func(x: t); }
    package a:c@1.0.0-rc1 { interface j { type t = u8; } }
  )");
  CHECK(func(m, iface(m, "a:b/i"), "f") == "func(x: u8)");
  CHECK_THAT(error_of("package a:b@1.0; interface i {}"), Catch::Matchers::ContainsSubstring("expected a version such as 1.0.0"));
  CHECK_THAT(error_of("package a:b@01.0.0; interface i {}"), Catch::Matchers::ContainsSubstring("leading zero"));
  CHECK_THAT(error_of("package a:b@1.0.0-; interface i {}"), Catch::Matchers::ContainsSubstring("malformed pre-release"));
}

TEST_CASE("WIT: errors name the place and the problem") {
  CHECK(error_of("package t:x;\ninterface i {\n  f: func() -> nope;\n}") == "test.wit:3:16: unknown type `nope`");
  CHECK(error_of("package t:x;\ninterface i {\n  record page { a: u32 }\n  f: func() -> pag;\n}") ==
        "test.wit:4:16: unknown type `pag` (did you mean `page`?)");
  CHECK(error_of("package t:x;\ninterface i {\n  type a = u32;\n  record a { x: u32 }\n}") ==
        "test.wit:4:3: `a` is defined twice (also at line 3)");
  CHECK_THAT(error_of("package t:x; interface i { f: func(); f: func(); }"), Catch::Matchers::ContainsSubstring("`f` is defined twice"));
  CHECK_THAT(error_of("package t:x; interface i { type f = u32; f: func(); }"),
             Catch::Matchers::ContainsSubstring("`f` is defined twice"));
  CHECK_THAT(error_of("package t:x; interface i {} interface i {}"),
             Catch::Matchers::ContainsSubstring("package t:x already has an item named `i`"));
  CHECK_THAT(error_of("package t:x; interface i { record r { a: u32, a: u8 } }"),
             Catch::Matchers::ContainsSubstring("field `a` appears twice in `r`"));
  CHECK_THAT(error_of("package t:x; interface i { f: func(a: u32, a: u8); }"),
             Catch::Matchers::ContainsSubstring("parameter `a` appears twice"));
  CHECK_THAT(error_of("package t:x; interface i { resource r { f: func(); f: static func(); } }"),
             Catch::Matchers::ContainsSubstring("resource `r` defines `f` twice"));
  CHECK_THAT(error_of("package t:x; interface i { use j.{t}; } interface j { use i.{u}; type t = u32; }"),
             Catch::Matchers::ContainsSubstring("interfaces that `use` each other form a cycle: t:x/"));
  CHECK_THAT(error_of("package t:x; interface i { use i.{t}; type t = u32; }"), Catch::Matchers::ContainsSubstring("uses itself"));
  CHECK_THAT(error_of("package t:x; interface i { record a { b: b } record b { a: a } }"),
             Catch::Matchers::ContainsSubstring("refers to itself"));
  CHECK_THAT(error_of("package t:x; interface i { type a = list<a>; }"),
             Catch::Matchers::ContainsSubstring("type `a` refers to itself (a -> a)"));
  CHECK_THAT(error_of("package t:x; interface i { use j.{nope}; } interface j { type yes = u32; }"),
             Catch::Matchers::ContainsSubstring("interface t:x/j has no type `nope`"));
  CHECK_THAT(error_of("package t:x; interface i { use j.{f}; } interface j { f: func(); }"),
             Catch::Matchers::ContainsSubstring("(it is a function)"));
  CHECK_THAT(error_of("package t:x; interface i { use nope.{t}; }"),
             Catch::Matchers::ContainsSubstring("no interface or world `nope` in package t:x"));
  CHECK_THAT(error_of("package t:x; interface i { use a:b/c@1.0.0.{t}; }"),
             Catch::Matchers::ContainsSubstring("unknown package a:b@1.0.0"));
  CHECK_THAT(error_of("package t:x; interface i { f: func(r: own<u32x>); type u32x = u32; }"),
             Catch::Matchers::ContainsSubstring("`u32x` is not a resource"));
  CHECK_THAT(error_of("package t:x; interface i { resource r; f: func() -> borrow<r>; }"),
             Catch::Matchers::ContainsSubstring("cannot return a borrow"));
  CHECK_THAT(error_of("package t:x; interface i { record e {} }"), Catch::Matchers::ContainsSubstring("needs at least one field"));
  CHECK_THAT(error_of("package t:x; interface i { resource r { constructor() -> u32; } }"),
             Catch::Matchers::ContainsSubstring("a constructor returns `r` or `result<r, E>`"));
  CHECK_THAT(error_of("package t:x; interface i { f: func() -> map<u32, u32>; }"),
             Catch::Matchers::ContainsSubstring("map<K, V> is not supported"));
  CHECK_THAT(error_of("package t:x; interface i { f: func() -> (a: u32); }"), Catch::Matchers::ContainsSubstring("named results"));
  CHECK_THAT(error_of("interface i {}"), Catch::Matchers::ContainsSubstring("test.wit:1:1: no `package ns:name;` line"));
  CHECK_THAT(error_of("package t:x; interface i {} package t:y;"), Catch::Matchers::ContainsSubstring("must be the first item"));
  CHECK_THAT(error_of("package t:x; world w { import w; }"), Catch::Matchers::ContainsSubstring("`w` is a world, not an interface"));
  CHECK_THAT(error_of("package t:x; world w { include w; }"), Catch::Matchers::ContainsSubstring("world `w` includes itself"));
  CHECK_THAT(error_of("package t:x; world v { include w; } world w { include v; }"),
             Catch::Matchers::ContainsSubstring("worlds that include each other form a cycle"));
  CHECK_THAT(error_of("package t:x; interface i {} world w { import i; import i; }"),
             Catch::Matchers::ContainsSubstring("the world imports `t:x/i` twice"));
  CHECK_THAT(
      error_of("package t:x; world w { import f: func(); export g: func(); include v with { nope as x } } world v {}"),
      Catch::Matchers::ContainsSubstring("world t:x/v has no import or export `nope`"));
  CHECK_THAT(error_of("package t:x; interface i { f: func() /* open"), Catch::Matchers::ContainsSubstring("unterminated block comment"));
  CHECK_THAT(error_of("package t:x; interface i { f: func(); } \xe2\x80\xae"),
             Catch::Matchers::ContainsSubstring("bidirectional override"));
  CHECK_THAT(error_of("package t:x; interface i { f: func(); } \x01"), Catch::Matchers::ContainsSubstring("control character U+0001"));
  CHECK_THAT(error_of("package t:x; interface i { f: func(); } \xff"), Catch::Matchers::ContainsSubstring("malformed UTF-8"));
  CHECK_THAT(error_of("package t:x; interface i { f: func(); } $"), Catch::Matchers::ContainsSubstring("unexpected character `$`"));
}

TEST_CASE("WIT: hostile input stays bounded") {
  // Nesting a type constructor deeper than kMaxTypeDepth.
  std::string deep = "package t:x; interface i { f: func() -> ";
  for (int i = 0; i < 200; ++i) deep += "list<";
  deep += "u8";
  for (int i = 0; i < 200; ++i) deep += ">";
  deep += "; }";
  CHECK_THAT(error_of(deep), Catch::Matchers::ContainsSubstring("types nested more than 100 deep"));
  // The same depth reached through named types.
  std::string chain = "package t:x; interface i { record r0 { a: u8 }\n";
  for (int i = 1; i < 150; ++i) chain += fmt::format("record r{} {{ a: list<r{}> }}\n", i, i - 1);
  chain += "}";
  CHECK_THAT(error_of(chain), Catch::Matchers::ContainsSubstring("nested more than 100 deep (counting the types it names)"));
  // A long chain of aliases is ordered without recursion.
  std::string aliases = "package t:x; interface i { type a0 = u8;\n";
  for (int i = 1; i < 5000; ++i) aliases += fmt::format("type a{} = a{};\n", i, i - 1);
  aliases += "}";
  CHECK(read(aliases).packages.size() == 1);
  // Long chains of `use` between interfaces and of included worlds, too.
  std::string uses = "package t:x; interface i0 { type t = u8; }\n";
  for (int i = 1; i < 3000; ++i) uses += fmt::format("interface i{} {{ use i{}.{{t}}; }}\n", i, i - 1);
  for (int i = 1; i < 3000; ++i) uses += fmt::format("world w{} {{ include w{}; }}\n", i, i - 1);
  const WitModel used = read(uses + "world w0 { import i1; } world all { import i2999; }");
  CHECK(used.find_world("t:x/w2999")->imports.size() == 2);
  CHECK(used.find_world("t:x/all")->imports.size() == 3000);
  // Including copies items: what the worlds of one read hold is bounded.
  CHECK_THAT(error_of(uses + "world w0 { import i2999; }"), Catch::Matchers::ContainsSubstring("more than 100000 imports and exports"));
  // Wide rather than deep: many items, each found through an index, not
  // by a search through the others (20,000 of each would take minutes if
  // any step were quadratic).
  std::string wide = "package t:w;\n";
  for (int i = 0; i < 20000; ++i) wide += fmt::format("interface i{} {{ type t = u8; }}\n", i);
  wide += "interface all {\n";
  for (int i = 0; i < 20000; ++i) wide += fmt::format("use i{}.{{t as t{}}};\n", i, i);
  for (int i = 0; i < 20000; ++i) wide += fmt::format("resource r{} {{ m: func(); }}\n", i);
  wide += "record big {\n";
  for (int i = 0; i < 20000; ++i) wide += fmt::format("a{}: d{}, b{}: t{},\n", i, i, i, i);
  wide += "}\n";
  for (int i = 0; i < 20000; ++i) wide += fmt::format("type d{} = r{};\n", i, i);
  wide += "f: func(";
  for (int i = 0; i < 20000; ++i) wide += fmt::format("p{}: big, ", i);
  wide += ");\n}\nworld w { import all; export all; }\n";
  for (int i = 0; i < 2000; ++i)
    wide += fmt::format("package t:p{} {{ interface i {{ use t:w/i{}.{{t}}; }} }}\n", i, i);
  const WitModel many = read(wide);
  const WitInterface& all = iface(many, "t:w/all");
  CHECK(all.functions.size() == 20001);
  CHECK(all.dependencies().size() == 20000);
  CHECK(format_model(many).size() > wide.size() / 2);
  CHECK(many.find_world("t:w/w")->imports.size() == 20001);
  std::string packages = "package t:x { interface i {} }";
  for (int i = 0; i < 20; ++i) packages = "package t:n" + std::to_string(i) + " { " + packages + " }";
  CHECK_THAT(error_of(packages), Catch::Matchers::ContainsSubstring("packages nested more than 16 deep"));
  const std::string big(kMaxWitFileBytes + 1, ' ');
  CHECK_THAT(error_of(big), Catch::Matchers::ContainsSubstring("more than the 4 MiB"));
}

TEST_CASE("WIT: a directory with deps/") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("wit-reader-test-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir / "deps" / "io");
  auto write = [&](const fs::path& p, std::string_view text) { std::ofstream(p) << text; };
  write(dir / "a.wit",
        "package astrid:capsule@1.0.0;\ninterface host { use astrid:io/poll@1.0.0.{pollable}; f: func() -> pollable; "
        "}\n");
  write(dir / "b.wit", "world capsule { import host; }\n");  // joins the package a.wit names
  write(dir / "notes.txt", "not WIT");
  write(dir / "deps" / "io" / "poll.wit", "package astrid:io@1.0.0;\ninterface poll { resource pollable; }\n");
  write(dir / "deps" / "kv.wit", "package astrid:kv@1.0.0;\ninterface host { get: func() -> u32; }\n");
  auto result = read_wit_dir(dir.string());
  if (auto* error = std::get_if<WitError>(&result)) FAIL(error->to_string());
  const WitModel& m = std::get<WitModel>(result);
  CHECK(m.packages.size() == 3);
  CHECK(m.find_interface("astrid:kv/host@1.0.0"));
  const WitWorld* w = m.find_world("astrid:capsule/capsule@1.0.0");
  REQUIRE(w);
  REQUIRE(w->imports.size() == 2);
  CHECK(w->imports[0].name == "astrid:io/poll@1.0.0");
  CHECK(w->imports[0].implicit);
  write(dir / "c.wit", "package astrid:other@1.0.0;\n");
  auto conflict = read_wit_dir(dir.string());
  REQUIRE(std::holds_alternative<WitError>(conflict));
  CHECK_THAT(std::get<WitError>(conflict).to_string(),
             Catch::Matchers::ContainsSubstring("c.wit:1:9: this file says package astrid:other@1.0.0"));
  fs::remove(dir / "c.wit");
  write(dir / "deps" / "io" / "bad.wit", "package astrid:io@1.0.0;\ninterface poll { }\n");
  auto duplicate = read_wit_dir(dir.string());
  REQUIRE(std::holds_alternative<WitError>(duplicate));
  CHECK_THAT(std::get<WitError>(duplicate).to_string(), Catch::Matchers::ContainsSubstring("already has an item named `poll`"));
  fs::remove_all(dir);
  CHECK(std::holds_alternative<WitError>(read_wit_dir(dir.string())));
}

TEST_CASE("WIT: later reads use earlier packages, named as deps") {
  WitModel m;
  const WitPackageFiles io{{{"io.wit", "package astrid:io@1.0.0; interface poll { resource pollable; }"}}};
  REQUIRE_FALSE(read_wit(m, std::span(&io, 1)));
  const WitPackage* io_package = m.packages[0].get();
  // Two shapes of one package, each read against io alone.
  const WitPackageFiles a{
      {{"a.wit",
        "package astrid:p@1.0.0; interface host { use astrid:io/poll@1.0.0.{pollable}; f: func() -> pollable; }"}}};
  const WitPackageFiles b{{{"b.wit", "package astrid:p@1.0.0; interface host { g: func(); }"}}};
  WitReadOptions only_io;
  only_io.deps = std::vector<const WitPackage*>{io_package};
  REQUIRE_FALSE(read_wit(m, std::span(&a, 1), only_io));
  REQUIRE_FALSE(read_wit(m, std::span(&b, 1), only_io));
  CHECK(m.packages.size() == 3);
  CHECK(m.packages[1]->interfaces[0]->functions[0].name == "f");
  CHECK(m.packages[2]->interfaces[0]->functions[0].name == "g");
  // Without a choice of deps, both shapes are visible: that is ambiguous.
  const WitPackageFiles c{{{"c.wit", "package astrid:q; interface i { use astrid:p/host@1.0.0.{t}; }"}}};
  auto error = read_wit(m, std::span(&c, 1));
  REQUIRE(error);
  CHECK_THAT(error->to_string(), Catch::Matchers::ContainsSubstring("package astrid:p@1.0.0 is ambiguous"));
  // Defining a package the deps already have is an error.
  auto again = read_wit(m, std::span(&io, 1), only_io);
  REQUIRE(again);
  CHECK_THAT(again->to_string(), Catch::Matchers::ContainsSubstring("package astrid:io@1.0.0 is already defined"));
}

TEST_CASE("WIT: the files of one read are bounded together, a file reached twice counted twice") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("wit-reader-total-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  // One file of 4 MiB, the most one file may take, and three hard links to
  // it: 16 MiB read, the most a read takes. A fifth name is one too many.
  std::string text = "package t:big;\n";
  text.resize(kMaxWitFileBytes, ' ');
  std::ofstream(dir / "a.wit") << text;
  for (const char* link : {"b.wit", "c.wit", "d.wit"}) fs::create_hard_link(dir / "a.wit", dir / link);
  auto at_limit = read_wit_dir(dir.string());
  if (auto* error = std::get_if<WitError>(&at_limit)) FAIL(error->to_string());
  fs::create_hard_link(dir / "a.wit", dir / "e.wit");
  auto past = read_wit_dir(dir.string());
  REQUIRE(std::holds_alternative<WitError>(past));
  CHECK(std::get<WitError>(past).to_string() ==
        (dir / "e.wit").string() +
            ": the WIT files read take more than 16 MiB together, the most astrid-abi reads at once (a file reached "
            "twice, by a hard link or a copy, counts twice)");
  fs::remove_all(dir);

  // Files given as text, against a smaller total.
  const WitPackageFiles files{{{"a.wit", "package t:p;\n"}, {"b.wit", "interface i {}\n"}}};
  WitReadOptions small;
  small.max_bytes = 28;
  WitModel fits;
  CHECK_FALSE(read_wit(fits, std::span(&files, 1), small));
  small.max_bytes = 27;
  WitModel over;
  auto error = read_wit(over, std::span(&files, 1), small);
  REQUIRE(error);
  CHECK(error->to_string() == "b.wit: the WIT files read take more than 27 bytes together, the most astrid-abi reads "
                              "at once (a file reached twice, by a hard link or a copy, counts twice)");
}

// Reads WIT, the component model's interface language, into a WitModel.
//
// What it reads: packages (`package ns:name@1.0.0;` and nested
// `package ns:name { … }` blocks), interfaces and worlds; `use` inside
// interfaces and worlds and at the top of a file; every type WIT has except
// map<K, V> (which no Astrid kernel enables); resources with methods,
// constructors and static functions; `async func`; world imports and
// exports of interfaces (by name, by label or inline) and functions, and
// `include … with { a as b }`; @since, @unstable, @deprecated (kept on
// items; @unstable items are left out unless their feature is enabled),
// @external-id (accepted, not kept).
//
// What it refuses, with file:line:column: malformed text, names that are
// not kebab-case or are unescaped keywords, unknown or duplicate names,
// `use` between interfaces in a cycle, types that refer to themselves,
// borrow<> in results, and input beyond the limits below (hostile input
// stays bounded: every recursion has a depth limit, every list a size).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "abi/wit_model.h"

namespace astrid {

inline constexpr size_t kMaxWitFileBytes = 4 << 20;  // per file
inline constexpr size_t kMaxWitFiles = 512;          // per directory read, deps/ included
// All the files of one read together (a directory's, deps/ included), as
// read: a file reached twice (hard links, copies) counts twice. A kernel's
// WIT is some 100 KiB, WASI's 0.2 WIT under 400 KiB.
inline constexpr uint64_t kMaxWitBytes = 16 << 20;

struct WitFile {
  std::string name;  // for messages
  std::string text;
};

// The files of one package: a directory's *.wit (a file that has no
// `package` line joins the package the others name), or a single file.
// Nested `package … { }` blocks in them are packages of their own.
struct WitPackageFiles {
  std::vector<WitFile> files;
};

struct WitReadOptions {
  // @unstable features whose items are read; all of them with all_features.
  std::vector<std::string> features;
  bool all_features = false;
  // Packages already in the model that the files may `use` (their own
  // packages come first). Absent: every package in the model.
  std::optional<std::vector<const WitPackage*>> deps;
  // The most bytes of WIT text the read holds at once (kMaxWitBytes; the
  // fuzz target lowers it to reach it with small inputs).
  uint64_t max_bytes = kMaxWitBytes;
};

// Adds the packages of `packages` to `model`, or adds nothing and says
// why. Each package may be defined once among the files and their deps.
// (A failed read may leave unreferenced nodes in model.types.)
std::optional<WitError> read_wit(WitModel& model, std::span<const WitPackageFiles> packages,
                                 const WitReadOptions& options = {});

// One WIT text, as one file named `file_name`.
std::variant<WitModel, WitError> read_wit_string(std::string_view text, std::string_view file_name,
                                                 const WitReadOptions& options = {});

// A WIT directory as wit-bindgen and wasm-tools lay it out (a kernel
// checkout's crates/astrid-capsule/wit-staging/, a capsule's wit/): its
// *.wit files are one package; deps/<name>/*.wit and deps/<name>.wit are
// the packages it depends on. Files are read in name order; other entries
// are ignored.
std::variant<WitModel, WitError> read_wit_dir(const std::string& dir, const WitReadOptions& options = {});

}  // namespace astrid

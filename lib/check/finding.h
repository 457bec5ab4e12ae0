// One thing a check found, as data: which rule, where (an import, an
// export, a place in the manifest), the kernel releases it concerns, and
// the arguments of its message, which is rendered only when reported (as
// Clang renders a diagnostic from its id and arguments).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wasm/signature.h"

namespace astrid {

// Ordered: a finding "reaches" --fail-on LEVEL when severity >= LEVEL.
enum class Severity { Note, Warning, Error };
std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct Rule;

// One side of a mis-typed import or export: a core function signature, as
// a value, or, for a component, its type in WIT notation (the capsule's
// type graph does not outlive the check, so it is written out there), or
// a description of what stands instead of a function ("a memory").
using Signature = std::variant<FuncSig, std::string>;
// "(i64) -> i64", the WIT text, or the description.
std::string to_text(const Signature& signature);

// A set of kernel releases, one bit per index of the release list (see
// abi.h), oldest first.
using ReleaseSet = uint32_t;

// A named argument of a message pattern. Values are never parsed as
// patterns, so untrusted names in them are inert. An argument is part of
// what the finding is about (its identity: the key, the pattern, the
// grant), unless it only describes it (a count, a size, a tool's wording)
// and may change while the finding stays the same one.
enum class ArgRole : uint8_t { Identity, Description };
struct MessageArg {
  const char* name;
  std::string value;
  ArgRole role = ArgRole::Identity;
};

struct Finding {
  const Rule* rule = nullptr;
  Severity severity = Severity::Error;
  std::string module;  // of an import; empty for exports and module-wide findings
  std::string name;    // the import's or export's name, or the syscall's
  std::optional<uint64_t> offset;
  // A finding about the manifest rather than the module: the manifest's
  // path as shown, and the line and column (from 1) of the entry.
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  // The message: a fmt pattern with named arguments. Besides `args`, a
  // pattern may name {kernels} ("kernel v0.2.0", "kernels v0.2.0 – v0.4.0")
  // and {s} ("s" after one kernel, for the verb: "kernel v0.2.0 calls"),
  // both from `releases`.
  std::string_view pattern;
  std::vector<MessageArg> args;
  ReleaseSet releases = 0;  // the releases it occurs on; 0: not release-specific
  std::vector<std::string> notes;  // each a suggestion or a fix
  // What a finding that stands for several sums up, one line each: the
  // text report lists them under -v, JSON always.
  std::vector<std::string> details;
  // Mis-typed imports and exports: what the kernel expects, and what the
  // capsule has.
  std::optional<Signature> expected;
  std::optional<Signature> actual;
  // Where the fix goes when that is another file than the finding's: for a
  // grant missing from Capsule.toml, the manifest's table (SARIF gives it
  // as a related location, GitHub annotations are put there).
  struct Place {
    std::string file;
    uint32_t line = 0;
    uint32_t column = 0;
  };
  std::optional<Place> fix_at;
  // Its identity (see fingerprint below), set once the input's findings
  // are all known and before any is suppressed.
  std::string fingerprint;

  // The value of a named argument, or empty.
  std::string_view arg(std::string_view name) const;
};

// A finding's identity, stable across runs, working directories and
// unrelated edits: its rule, the file it is about (`artifact`, as
// repository_path gives it), the import or export (module and name), the
// arguments that say what it is about (the manifest key and table, the
// grant, the topic), the types of a mis-typed import, and the releases by
// name. Never its message's wording, its offset or its line. 128 bits of
// BLAKE3, as 32 hex digits.
std::string identity_hash(const std::string& artifact, const Finding& f);

// Sets the fingerprint of each finding: its identity_hash, and for the
// second and later of findings with one identity (the same import twice),
// the hash followed by ":2", ":3", ... in the order given, so that no two
// findings of one input share a fingerprint. SARIF gives it as a partial
// fingerprint (code scanning tracks alerts by it); baselines record it.
void assign_fingerprints(const std::vector<std::pair<std::string, Finding*>>& findings);

// The message of a finding, rendered from its pattern and arguments.
std::string message(const Finding& finding);

// "kernel v0.2.0", "kernels v0.2.0 and v0.3.0", "kernels v0.2.0 – v0.4.0",
// "kernels v0.2.0, v0.4.0 and v0.5.1".
std::string describe_releases(ReleaseSet releases);

size_t count_findings(const std::vector<Finding>& findings, Severity severity);

}  // namespace astrid

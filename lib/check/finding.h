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
// patterns, so untrusted names in them are inert.
struct MessageArg {
  const char* name;
  std::string value;
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

  // The value of a named argument, or empty.
  std::string_view arg(std::string_view name) const;
};

// A stable identity for a finding across runs, independent of offsets that
// move when unrelated imports are added: the file it is about, its rule,
// import module and name (or its message pattern). SARIF gives it as a
// partial fingerprint (GitHub tracks alerts by it); baselines record it.
std::string fingerprint(const std::string& artifact, const Finding& f);

// The message of a finding, rendered from its pattern and arguments.
std::string message(const Finding& finding);

// "kernel v0.2.0", "kernels v0.2.0 and v0.3.0", "kernels v0.2.0 – v0.4.0",
// "kernels v0.2.0, v0.4.0 and v0.5.1".
std::string describe_releases(ReleaseSet releases);

size_t count_findings(const std::vector<Finding>& findings, Severity severity);

}  // namespace astrid

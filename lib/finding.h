// One thing a check found, pointing at the import or export it is about.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace astrid {

// Ordered: a finding "reaches" --fail-on LEVEL when severity >= LEVEL.
enum class Severity { Note, Warning, Error };
std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct Rule;

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
  std::string message;
  std::vector<std::string> notes;  // each a suggestion or a fix
  // Mis-typed imports and exports: the signatures, in arrow form.
  std::optional<std::string> expected;
  std::optional<std::string> actual;
};

size_t count_findings(const std::vector<Finding>& findings, Severity severity);

}  // namespace astrid

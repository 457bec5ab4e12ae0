// What checking one input produced: per module a report or why there is
// none, the manifest's findings, and what a configuration turned off. The
// checks make these; the reports read them.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "capsule/capsule.h"
#include "check/extism_check.h"
#include "support/input_error.h"

namespace astrid {

// What checking one module produced: a report, or why there is none.
struct FileResult {
  std::string path;
  std::variant<Report, InputError> outcome;
  std::string member;  // its name inside an archive; empty for a file
};

// Where a suppression is written: in the file the finding is on (a
// comment of Capsule.toml), or outside it (the configuration, a baseline):
// SARIF's suppression kinds inSource and external.
enum class SuppressionKind { Inline, Configuration, Baseline };
std::string_view to_string(SuppressionKind kind);

// A finding that a suppression turned off, and which one did.
struct Suppressed {
  Finding finding;
  std::string path;    // the module (or manifest) it was about
  std::string source;  // "path/.astrid-abi.toml:7", "Capsule.toml:3", the baseline's path
  std::string reason;  // may be empty
  SuppressionKind kind = SuppressionKind::Configuration;
};

// What checking one input (a module, a capsule directory, an archive)
// produced.
struct InputResult {
  std::string path;                      // as given, or as found in a directory
  std::optional<InputFailure> failure;   // the input could not be checked at all
  // Its manifest could not be read: the modules were checked without it.
  std::optional<InputFailure> manifest_error;
  std::string manifest;                  // the manifest applied, as shown; empty if none
  std::string manifest_member;           // "Capsule.toml" when it is an archive's
  std::string no_manifest;               // why no manifest applies (see Capsule)
  // What the manifest grants, capsule-wide and per component together.
  std::optional<std::vector<Grant>> manifest_grants;
  // For a component: the grants as the component era reads them, as
  // (key, value) pairs: ("fs_read", "cwd://data"), ("uplink", "true"),
  // ("[publish]", "app.events.*"), in the order written.
  std::vector<std::pair<std::string, std::string>> component_grants;
  // For a .capsule archive: what its installer checks of it as a whole
  // (the signer, when it verifies, is reported).
  std::optional<ArchiveIntegrity> archive;
  // Findings about the capsule as a whole, each with its file: the
  // manifest's, then the archive's (on it, or on its provenance member).
  std::vector<Finding> findings;
  std::vector<FileResult> modules;
  std::vector<Suppressed> suppressed;

  size_t count(Severity severity) const;  // over the modules and the manifest
  bool unreadable() const;                // the input or one of its modules
};

}  // namespace astrid

// The reports written from check results: the human text, JSON Lines,
// SARIF for code scanning, and GitHub workflow annotations.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "check/result.h"
#include "support/paths.h"

namespace astrid {

enum class ReportFormat { Text, Json, Sarif, Github };
std::optional<ReportFormat> parse_report_format(std::string_view name);

struct TextOptions {
  bool color = false;
  bool quiet = false;    // findings only, no summary
  bool verbose = false;  // also the findings a configuration suppressed, and findings' details
  // SARIF and GitHub annotations: the absolute directory paths are made
  // relative to (SARIF's %SRCROOT%, the repository root); files outside it
  // are named by absolute path (file:// URIs in SARIF).
  std::string base_dir;
};

// Receives the results in input order; finish() writes what comes last (the
// summary line, or the whole SARIF document).
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void input(const InputResult& result) = 0;
  virtual void finish() = 0;
};

std::unique_ptr<Reporter> make_reporter(ReportFormat format, const TextOptions& options, std::FILE* out);

// The pieces, for the reporters and their tests.
// What a text report has already said, once per rule in a run: the rules
// it pointed to `astrid-abi rules ID` for (the first finding of each rule
// gets that note, as Clippy's first lint of a kind gets its link), and the
// notes it printed under a finding of each rule (rule id, NUL, note): the
// same advice is not repeated under each finding of the rule.
struct ExplainedRules {
  std::set<std::string_view> rules;
  std::set<std::string> notes;
};
std::string render_text(const FileResult& result, const TextOptions& options, ExplainedRules* explained = nullptr);
std::string render_text(const InputResult& result, const TextOptions& options, ExplainedRules* explained = nullptr);
// Only the lines of what could not be read: for standard error, when the
// report itself is JSON, SARIF or annotations a person does not see.
std::string render_failures(const InputResult& result);
// One JSON object on one line (see README, "JSON output"). Bump
// kJsonVersion on any incompatible change.
inline constexpr int kJsonVersion = 3;
std::string render_json(const InputResult& result);
// "file:0x2a", "Capsule.toml:7:1" or "file", escaped for a terminal.
std::string render_location(const std::string& path, std::optional<uint64_t> offset, uint32_t line = 0,
                            uint32_t column = 0);

// A place as the CI formats give it: a file of the repository, and where in
// it. An archive member ("app.capsule(x.wasm)", inside the archive `input`)
// is placed on the archive itself, with no line or offset there (they are
// the member's), and `inside` says where in the member: "x.wasm:0x2a".
struct CiLocation {
  std::string artifact;
  std::optional<uint64_t> offset;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string member;  // the archive member, or empty
  std::string inside;  // the member and the place in it, or empty
  // Where the fix goes, when that is a file of its own (not an archive's
  // member): a finding's fix_at.
  std::optional<Finding::Place> fix;
};
// `path` is as reports show it; `member` its name inside the archive
// `input` (empty for a file of its own).
CiLocation ci_location(const std::string& input, const std::string& path, const std::string& member,
                       std::optional<uint64_t> offset, uint32_t line, uint32_t column);

// A file as the CI formats name it: support/paths.h's repository_path
// (relative to the base when inside it, else absolute).

// The one walk over an input's results that the CI formats (SARIF, GitHub
// annotations) share: every finding and every failure, each with its place.
class CiWalk {
 public:
  virtual ~CiWalk() = default;
  void walk(const InputResult& result);

 protected:
  // `path` is the file the finding is about, as reports show it.
  virtual void finding(const CiLocation& at, const std::string& path, const Finding& f) = 0;
  virtual void failure(const CiLocation& at, const InputError& error) = 0;
  // A finding a suppression turned off: SARIF keeps it, marked, so that
  // code scanning shows it as suppressed rather than fixed.
  virtual void suppressed(const CiLocation& /*at*/, const Suppressed& /*s*/) {}
};

std::unique_ptr<Reporter> make_text_reporter(const TextOptions& options, std::FILE* out);
std::unique_ptr<Reporter> make_json_reporter(std::FILE* out);
std::unique_ptr<Reporter> make_sarif_reporter(std::FILE* out, const std::string& base_dir);
std::unique_ptr<Reporter> make_github_reporter(std::FILE* out, const std::string& base_dir);

}  // namespace astrid

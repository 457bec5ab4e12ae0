// GitHub Actions workflow commands: one ::error/::warning/::notice line per
// finding, which the runner turns into an annotation on the file.
#include <fmt/format.h>

#include "report/escape.h"
#include "support/output.h"
#include "report/report.h"
#include "check/rules.h"

namespace astrid {
namespace {

std::string_view command(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "notice";
  }
  return "notice";
}

// Workflow-command encoding, over text already escaped for a terminal: a
// name cannot end the line early and start a command of its own.
std::string encode_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string encode_property(std::string_view s) {
  std::string out;
  for (char c : encode_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

class GithubReporter final : public Reporter, CiWalk {
 public:
  GithubReporter(std::FILE* out, std::string base_dir) : out_(out), base_(std::move(base_dir)) {}

  void input(const InputResult& result) override { walk(result); }
  void finish() override {}

 private:
  // One annotation. The message leads with where in the file it is when
  // the annotation cannot say so itself: a byte offset, a member's place.
  void emit(Severity severity, const CiLocation& at, std::string_view title, const std::string& message) {
    // Relative to the repository root, as the runner places annotations
    // (and as SARIF's URIs are).
    std::string props = "file=" + encode_property(escape_untrusted(repository_path(at.artifact, base_)));
    if (at.line) props += fmt::format(",line={}", at.line);
    if (at.column) props += fmt::format(",col={}", at.column);
    props += ",title=" + encode_property(title);
    const std::string where = !at.inside.empty() ? escape_untrusted(at.inside) + ": "
                              : at.offset        ? fmt::format("0x{:x}: ", *at.offset)
                                                 : "";
    write_out(out_, fmt::format("::{} {}::{}\n", command(severity), props, encode_data(where + message)),
              OutputKind::WorkflowCommands);
  }

  void finding(const CiLocation& at, const std::string&, const Finding& f) override {
    std::string message = escape_untrusted(astrid::message(f));
    for (const std::string& note : f.notes) message += "\nnote: " + escape_untrusted(note);
    if (at.fix) {
      // On the manifest's line, where a pull request shows it and the fix
      // goes (the module is often a build output, not in the repository);
      // the message says which import it is about.
      CiLocation manifest;
      manifest.artifact = at.fix->file;
      manifest.line = at.fix->line;
      manifest.column = at.fix->column;
      const std::string module = escape_untrusted(repository_path(at.artifact, base_));
      const std::string where = at.offset ? fmt::format("{}:0x{:x}: ", module, *at.offset) : module + ": ";
      return emit(f.severity, manifest, fmt::format("astrid-abi [{}]", f.rule->id), where + message);
    }
    emit(f.severity, at, fmt::format("astrid-abi [{}]", f.rule->id), message);
  }

  void failure(const CiLocation& at, const InputError& error) override {
    emit(Severity::Error, at, "astrid-abi", escape_untrusted(error.message));
  }

  std::FILE* out_;
  std::string base_;
};

}  // namespace

std::unique_ptr<Reporter> make_github_reporter(std::FILE* out, const std::string& base_dir) {
  return std::make_unique<GithubReporter>(out, base_dir);
}

}  // namespace astrid

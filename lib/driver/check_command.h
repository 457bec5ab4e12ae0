// `astrid-abi check`: expand the inputs, check each one (in parallel), and
// write the reports in input order; decide the exit status.
#pragma once

#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "check/extism_check.h"
#include "driver/config.h"
#include "capsule/inputs.h"
#include "report/report.h"

namespace astrid {

// Exit statuses, stable for CI.
inline constexpr int kExitClean = 0;     // nothing reached --fail-on
inline constexpr int kExitFindings = 1;  // a finding reached --fail-on
inline constexpr int kExitInput = 2;     // usage error, or an input could not be read or parsed

// More workers than this only cost memory: inputs are checked in
// milliseconds, and the machine has far fewer cores.
inline constexpr size_t kMaxJobs = 256;

// The exit status one input asks for: kExitInput if it (or a module of it)
// could not be read, kExitFindings if a finding reaches `fail_on`.
int exit_status(const InputResult& result, Severity fail_on);

struct CheckCommand {
  std::vector<std::string> inputs;
  std::vector<std::string> excludes;  // --exclude (the configuration's are in config)
  std::optional<std::string> manifest;  // --manifest
  // The releases each kind of binary is checked against (either era's:
  // one of the other era gets a wrong-era finding), from one choice.
  std::vector<const KernelRelease*> core_releases;
  std::vector<const KernelRelease*> component_releases;
  // For core modules: the Extism-era releases of core_releases, and what
  // the capsule must import.
  CheckOptions options;
  // Sets the three from --abi's names (none: each era's default).
  void set_releases(const ReleaseChoice& choice);
  CheckCommand() { set_releases({}); }
  ReportFormat format = ReportFormat::Text;
  Severity fail_on = Severity::Error;
  TextOptions text;
  bool validate = false;  // also run wabt's validator over the whole module
  Config config;          // rule settings
  unsigned jobs = 0;      // worker threads; 0: one per core
  // --baseline: the fingerprints of findings to leave out (they are
  // reported as suppressed, by `baseline_source`); --write-baseline: where
  // to record this run's findings instead of judging them.
  std::set<std::string, std::less<>> baseline;
  std::string baseline_source;
  std::string write_baseline;
  // The directory fingerprints name files relative to (see
  // repository_root): the same finding has the same fingerprint from any
  // working directory of the repository, however its path was typed.
  std::string root;
};

inline constexpr uint64_t kMaxBaselineBytes = 64ull << 20;

// The baseline file: {"version": 2, "tool": "astrid-abi", "findings":
// [{"fingerprint", "rule", "file", "message"}]}, "file" as the repository
// names it; reading keeps the fingerprints, and refuses anything else
// (version 1's fingerprints could name two findings at once).
inline constexpr int kBaselineVersion = 2;
Expected<std::set<std::string, std::less<>>> read_baseline(const std::string& path);
Expected<std::set<std::string, std::less<>>> parse_baseline(std::string_view text);
// `findings`: each finding (fingerprinted) with its file as the
// repository names it.
std::string render_baseline(const std::vector<std::pair<std::string, const Finding*>>& findings);

// Checks one input: its modules, then its manifest, then the rule settings.
InputResult check_input(const InputSpec& input, const CheckCommand& command);

// Checks every input and reports to `reporter`, in input order; returns the
// worst exit status (kExitInput over kExitFindings over kExitClean).
int run_check(const CheckCommand& command, Reporter& reporter);

}  // namespace astrid

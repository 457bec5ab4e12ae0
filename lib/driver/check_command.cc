#include "driver/check_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "capsule/capsule.h"
#include <nlohmann/json.hpp>

#include "check/archive_check.h"
#include "check/component_check.h"
#include "check/component_manifest_check.h"
#include "check/inline_ignore.h"
#include "check/manifest_check.h"
#include "check/rules.h"
#include "report/escape.h"
#include "support/output.h"
#include "wasm/component_reader.h"
#include "wasm/module_reader.h"
#include "wasm/slice_source.h"
#include "wasm/validate.h"

namespace astrid {
namespace {

// What Debian's wabt 1.0.32 cannot decode, which this reader can: a module
// using it cannot be validated here (not an invalid module).
constexpr uint32_t kBeyondWabt =
    static_cast<uint32_t>(Proposal::Table64) | static_cast<uint32_t>(Proposal::TableInitializer) |
    static_cast<uint32_t>(Proposal::ExnRef) | static_cast<uint32_t>(Proposal::CustomPageSizes) |
    static_cast<uint32_t>(Proposal::Gc) | static_cast<uint32_t>(Proposal::CustomDescriptors) |
    static_cast<uint32_t>(Proposal::StackSwitching) | static_cast<uint32_t>(Proposal::CompactImports);

void add_validation(const ValidationProblem& problem, const CheckOptions& options, Report& report) {
  Finding f = make_finding("invalid-module", "invalid module: {problem}", {{"problem", problem.message}});
  f.offset = problem.offset;
  f.notes.push_back("the kernel validates the whole module before instantiating it: rebuild the capsule");
  // Invalid on every release alike.
  for (const Release* r : options.releases) f.releases |= ReleaseSet{1} << r->index;
  for (KernelVerdict& k : report.kernels) k.links = false;
  report.findings.push_back(std::move(f));
  order_findings(report.findings);
}

// A core module: against the Extism-era releases chosen, and a wrong-era
// finding for the component-era ones.
Report check_core_module(const Module& module, const std::string& display, const CheckCommand& command) {
  Report report;
  if (!command.options.releases.empty()) report = check_module(module, command.options);
  ReleaseSet component = 0;
  for (const KernelRelease* k : command.core_releases)
    if (k->era == Era::Component) component |= ReleaseSet{1} << k->index;
  if (!component) return report;
  const bool extism = std::any_of(module.imports.begin(), module.imports.end(),
                                  [](const Import& i) { return i.module == "extism:host/user"; });
  report.findings.push_back(core_module_on_component_kernels(component, display, extism));
  order_findings(report.findings);
  if (command.core_releases.size() > 1) {
    std::vector<KernelVerdict> kernels;
    for (const KernelRelease* k : command.core_releases) {
      bool links = false;
      if (k->era == Era::Extism) {
        links = blockers(report, *k).empty();
      }
      kernels.push_back({k, links});
    }
    report.kernels = std::move(kernels);
  }
  return report;
}

// A component and its core modules, each read by the core reader (a core
// module that does not read makes the component malformed).
std::variant<Report, InputError> check_component_source(ByteSource& source, const CheckCommand& command) {
  auto read = read_component(source);
  if (!read) return read.error();
  const Component& component = *read;
  std::vector<Module> modules;
  modules.reserve(component.core_modules.size());
  for (const CoreModuleSpan& span : component.core_modules) {
    SliceSource slice(source, span.offset, span.size);
    auto module = read_module(slice);
    if (!module) {
      InputError e = module.error();
      e.message = fmt::format("core module at 0x{:x}: {}", span.offset, e.message);
      e.offset = span.offset + e.offset.value_or(0);
      return e;
    }
    modules.push_back(*std::move(module));
  }
  std::vector<CoreModule> core;
  for (size_t i = 0; i < modules.size(); ++i) core.push_back({&modules[i], component.core_modules[i].offset});
  return check_component(component, core, command.component_releases);
}

// Whether a module checked with a report is a component (or a core module).
bool has_module_of_era(const InputResult& result, bool component) {
  return std::any_of(result.modules.begin(), result.modules.end(), [&](const FileResult& m) {
    const auto* r = std::get_if<Report>(&m.outcome);
    return r && r->component.has_value() == component;
  });
}

// The findings about `path` (a file of the input `input`, or a member of
// it when `input` is an archive) that the configuration or the baseline
// turns off, moved to `out`.
void suppress(const CheckCommand& command, const std::string& input, const std::string& path,
              std::vector<Finding>& findings, std::vector<Suppressed>& out) {
  const Config& config = command.config;
  const std::string archive = archive_member(input, path).empty() ? std::string() : input;
  std::vector<Finding> off;
  apply_rule_settings(config, path, findings, off, archive);
  for (Finding& f : off) {
    const RuleSetting& setting = *rule_setting(config, path, f.rule->id, archive);
    std::string source = setting.source, reason = setting.reason;
    out.push_back({std::move(f), path, std::move(source), std::move(reason)});
  }
  if (command.baseline.empty()) return;
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    if (command.baseline.count(fingerprint(path, f)))
      out.push_back({std::move(f), path, command.baseline_source, "in the baseline"});
    else
      kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

// The manifest as the component era reads it (under the invariant stated
// at ManifestChecker::run, check/component_manifest_check.cc: one root
// cause, one finding, one fix): for a component, every check
// of check/component_manifest_check.h; for core modules, the keys their
// releases ignore and the placeholders left in it. A manifest the
// component era cannot read (a type the Extism era allowed) is left to the
// Extism-era check when no component needs it.
void check_component_era_manifest(const Capsule& capsule, const CheckCommand& command, Report* component,
                                  InputResult& result) {
  auto parsed = parse_component_manifest(capsule.manifest->text);
  if (!parsed) {
    if (component && !result.manifest_error) result.manifest_error = InputFailure{capsule.manifest_display, parsed.error()};
    return;
  }
  std::vector<Finding> manifest;
  if (component) {
    auto grants = [&](const CapabilityTable& t) {
      for (const CapabilityEntry& c : t.entries) {
        if (c.is_flag && c.flag) result.component_grants.emplace_back(c.key, "true");
        for (const std::string& v : c.values) result.component_grants.emplace_back(c.key, v);
      }
    };
    grants(parsed->capabilities);
    if (!parsed->components.empty()) grants(parsed->components.front().capabilities);
    for (const TopicAcl& a : parsed->publish) result.component_grants.emplace_back("[publish]", a.pattern);
    for (const TopicAcl& a : parsed->subscribe) result.component_grants.emplace_back("[subscribe]", a.pattern);
    ComponentManifestFindings found =
        check_component_manifest(*parsed, capsule.manifest_display, *component, command.component_releases);
    manifest = std::move(found.manifest);
    for (Finding& f : found.module) component->findings.push_back(std::move(f));
    order_findings(component->findings);
  }
  const bool core = has_module_of_era(result, /*component=*/false);
  // A core module's manifest is judged on the releases that can load the
  // module: on the component era's, wrong-era is its one finding.
  std::vector<const KernelRelease*> releases;
  ReleaseSet extism = 0;
  for (const KernelRelease* k : command.core_releases)
    if (k->era == Era::Extism || !core) releases.push_back(k);
  for (const KernelRelease* k : command.core_releases)
    if (k->era == Era::Extism) extism |= ReleaseSet{1} << k->index;
  if ((core || !component) && !releases.empty()) {
    std::vector<Finding> keys = check_manifest_keys(*parsed, capsule.manifest_display, releases);
    // What the core modules are denied, by manifest key, for ignored-grant.
    std::map<std::string, ReleaseSet, std::less<>> denied;
    for (const FileResult& m : result.modules)
      if (const auto* r = std::get_if<Report>(&m.outcome); r && !r->component)
        for (const Finding& f : r->findings)
          if (f.rule->id == "undeclared-capability")
            if (const Syscall* s = find_any_syscall(f.name))
              denied[std::string(manifest_key(s->gate.capability))] |= f.releases ? f.releases : extism;
    escalate_ignored(keys, denied);
    // The fix of a syscall's missing grant goes in [capabilities], unless
    // the grant is there under a key the release ignores (a typo): that
    // line's ignored-grant is then the one finding.
    const auto explained = ignored_grants(keys);
    const TextPosition table = parsed->capabilities.position;
    for (FileResult& m : result.modules)
      if (auto* r = std::get_if<Report>(&m.outcome); r && !r->component) {
        std::erase_if(r->findings, [&](Finding& f) {
          if (f.rule->id != "undeclared-capability") return false;
          const Syscall* s = find_any_syscall(f.name);
          auto it = s ? explained.find(manifest_key(s->gate.capability)) : explained.end();
          if (it == explained.end()) return false;
          f.releases = (f.releases ? f.releases : extism) & ~it->second;
          return f.releases == 0;
        });
        for (Finding& f : r->findings) {
          if (f.rule->id != "undeclared-capability") continue;
          f.fix_at = Finding::Place{capsule.manifest_display, std::max<uint32_t>(table.line, 1), table.line ? table.column : 1};
          // A key written already (net = [], identity = ["resolve"]) is
          // changed, not added again: a second one is invalid TOML.
          const Syscall* s = find_any_syscall(f.name);
          const std::string_view key = s ? manifest_key(s->gate.capability) : std::string_view();
          if (!key.empty() && parsed->capabilities.find(key) && !f.notes.empty())
            f.notes.front() = fmt::format("change the {} line under [capabilities] to {}", key,
                                          extism_grant_line(s->gate.capability, s->gate.identity));
        }
      }
    for (Finding& f : keys) manifest.push_back(std::move(f));
  }
  for (Finding& f : manifest) result.findings.push_back(std::move(f));
  drop_ignored_where_unused(result.findings);
  order_findings(result.findings);
}

}  // namespace

void CheckCommand::set_releases(const ReleaseChoice& choice) {
  core_releases = releases_for(choice, Era::Extism);
  component_releases = releases_for(choice, Era::Component);
  options.releases.clear();
  for (const KernelRelease* k : core_releases)
    if (k->extism) options.releases.push_back(k->extism);
}

InputResult check_input(const InputSpec& input, const CheckCommand& command) {
  // --validate's budget for all the modules of this input together.
  const Deadline validate_deadline = std::chrono::steady_clock::now() + kValidateInputTime;
  InputResult result;
  result.path = input.path;
  auto opened = open_capsule(input, command.manifest);
  if (auto* failure = std::get_if<InputFailure>(&opened)) {
    result.failure = std::move(*failure);
    return result;
  }
  Capsule& capsule = std::get<Capsule>(opened);
  result.manifest_error = std::move(capsule.manifest_error);
  result.no_manifest = capsule.no_manifest;
  // Each module, in the manifest's order; a missing one has no result.
  std::vector<std::optional<size_t>> result_of;
  for (CapsuleModuleSource& m : capsule.modules) {
    if (m.missing) {
      result_of.push_back(std::nullopt);
      continue;
    }
    FileResult file{m.display, InputError{}, m.member};
    auto opened_module = open_module_source(m);
    if (!opened_module) {
      file.outcome = opened_module.error();
    } else {
      FileSource& source = *opened_module;
      if (is_component(source)) {
        file.outcome = check_component_source(source, command);
      } else if (auto read = read_module(source); !read) {
        file.outcome = read.error();
      } else {
        Report report = check_core_module(*read, m.display, command);
        file.outcome = std::move(report);
        if (command.validate) {
          auto validated = validate_module(source, validate_deadline);
          if (!validated) file.outcome = validated.error();
          else if (auto& problem = *validated) {
            const Module& module = *read;
            const auto newer = newer_proposal_of(problem->message);
            if (problem->unreadable && (module.proposals & kBeyondWabt || newer))
              file.outcome = InputError{newer ? problem->offset : std::nullopt,
                                        fmt::format("--validate: the module uses {}, which this build's validator "
                                                    "(wabt 1.0.32) cannot decode: validate it with a newer "
                                                    "wasm-validate or wasm-tools",
                                                    newer ? std::string(*newer) : module.describe_proposals(kBeyondWabt))};
            else
              add_validation(*problem, command.options, std::get<Report>(file.outcome));
          }
        }
      }
    }
    result_of.push_back(result.modules.size());
    result.modules.push_back(std::move(file));
  }
  if (capsule.manifest) {
    std::vector<CapsuleModule> modules;
    // The component the manifest is for: the kernel loads only the first
    // [[component]], so the first component among the modules.
    Report* component = nullptr;
    for (size_t i = 0; i < capsule.modules.size(); ++i)
    {
      // A component's manifest is read as the component era reads it
      // (section 6 and 7 of the reference), not with astrid-sys's gates.
      Report* report = result_of[i] ? std::get_if<Report>(&result.modules[*result_of[i]].outcome) : nullptr;
      if (report && report->component && !component) component = report;
      // A core module is checked against grants only when an Extism-era
      // release is (else its report lists no syscalls, and every grant
      // would look unused).
      const bool checked_core = report && !report->component && !command.options.releases.empty();
      modules.push_back({capsule.modules[i].name, checked_core ? report : nullptr, !result_of[i]});
    }
    result.manifest = capsule.manifest_display;
    if (!capsule.modules.empty() && !capsule.modules.front().member.empty()) result.manifest_member = "Capsule.toml";
    result.manifest_grants = capsule.manifest->grants;
    for (const ManifestComponent& c : capsule.manifest->components)
      result.manifest_grants->insert(result.manifest_grants->end(), c.grants.begin(), c.grants.end());
    ManifestFindings found = check_manifest(*capsule.manifest, capsule.manifest_display, command.options.releases, modules);
    result.findings = std::move(found.manifest);
    for (size_t i = 0; i < capsule.modules.size(); ++i) {
      if (!result_of[i] || found.modules[i].empty()) continue;
      Report& report = std::get<Report>(result.modules[*result_of[i]].outcome);
      for (Finding& f : found.modules[i]) report.findings.push_back(std::move(f));
      order_findings(report.findings);
    }
    check_component_era_manifest(capsule, command, component, result);
  }
  for (FileResult& m : result.modules)
    if (auto* report = std::get_if<Report>(&m.outcome)) suppress(command, input.path, m.path, report->findings, result.suppressed);
  suppress(command, input.path, result.manifest, result.findings, result.suppressed);
  // Comments in Capsule.toml that turn a manifest finding off where it is.
  if (capsule.manifest && !result.findings.empty()) {
    const auto ignores = find_inline_ignores(capsule.manifest->text);
    std::vector<Finding> kept;
    for (Finding& f : result.findings) {
      const InlineIgnore* i = f.line ? covering_ignore(ignores, f.rule->id, f.line) : nullptr;
      if (!i) {
        kept.push_back(std::move(f));
        continue;
      }
      std::string source = fmt::format("{}:{}", result.manifest, f.line);
      result.suppressed.push_back({std::move(f), result.manifest, std::move(source), i->reason});
    }
    result.findings = std::move(kept);
  }
  if (capsule.archive) {
    const bool has_component = has_module_of_era(result, /*component=*/true);
    // Each suppressed (and fingerprinted) by the file it is on.
    for (Finding& f : check_archive(*capsule.archive, input.path, has_component)) {
      const std::string file = f.file;  // a copy: suppress moves the finding
      std::vector<Finding> one;
      one.push_back(std::move(f));
      suppress(command, input.path, file, one, result.suppressed);
      for (Finding& kept : one) result.findings.push_back(std::move(kept));
    }
    result.archive = std::move(capsule.archive);
  }
  return result;
}

namespace {

// No exception may leave a worker (it would end the whole run): whatever
// goes wrong with one input, running out of memory included, is that
// input's exit-2 line.
InputResult check_input_contained(const InputSpec& input, const CheckCommand& command) {
  try {
    return check_input(input, command);
  } catch (const std::bad_alloc&) {
    InputResult result;
    result.path = input.path;
    result.failure = InputFailure{input.path, {std::nullopt, "out of memory while checking this input"}};
    return result;
  } catch (const std::exception& e) {
    InputResult result;
    result.path = input.path;
    result.failure = InputFailure{input.path, {std::nullopt, std::string("internal error: ") + e.what()}};
    return result;
  }
}

}  // namespace

int exit_status(const InputResult& result, Severity fail_on) {
  if (result.unreadable()) return kExitInput;
  for (Severity s : {Severity::Note, Severity::Warning, Severity::Error})
    if (s >= fail_on && result.count(s) > 0) return kExitFindings;
  return kExitClean;
}

int run_check(const CheckCommand& command, Reporter& reporter) {
  std::vector<std::string> excludes = command.config.exclude;
  excludes.insert(excludes.end(), command.excludes.begin(), command.excludes.end());
  const std::vector<InputSpec> inputs = expand_inputs(command.inputs, excludes);
  unsigned jobs = command.jobs ? command.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>({jobs, inputs.size(), kMaxJobs}));
  int status = kExitClean;
  // --write-baseline: every finding of the run, by file (as fingerprinted).
  std::vector<std::pair<std::string, Finding>> recorded;
  auto report = [&](const InputResult& result) {
    if (command.format != ReportFormat::Text && result.unreadable()) write_stderr(render_failures(result));
    reporter.input(result);
    if (!command.write_baseline.empty()) {
      for (const FileResult& m : result.modules)
        if (const auto* r = std::get_if<Report>(&m.outcome))
          for (const Finding& f : r->findings) recorded.emplace_back(m.path, f);
      for (const Finding& f : result.findings) recorded.emplace_back(f.file.empty() ? result.manifest : f.file, f);
      status = std::max(status, result.unreadable() ? kExitInput : kExitClean);
      return;
    }
    status = std::max(status, exit_status(result, command.fail_on));
  };
  auto finish = [&] {
    reporter.finish();
    if (command.write_baseline.empty()) return;
    std::vector<std::pair<std::string, const Finding*>> list;
    for (const auto& [path, f] : recorded) list.emplace_back(path, &f);
    if (!write_file_atomically(command.write_baseline, render_baseline(list))) {
      write_stderr(fmt::format("astrid-abi: error: cannot write the baseline {}\n", escape_untrusted(command.write_baseline)));
      status = kExitInput;
    }
  };
  if (jobs <= 1) {
    for (const InputSpec& input : inputs) report(check_input_contained(input, command));
    finish();
    return status;
  }

  // Workers take the next unchecked input; this thread reports the results
  // in input order as they become ready, and frees each once reported.
  std::vector<std::optional<InputResult>> results(inputs.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < inputs.size();) {
      InputResult r = check_input_contained(inputs[i], command);
      std::lock_guard lock(mutex);
      results[i] = std::move(r);
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // the system gives no more threads: those there are will do
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::unique_lock lock(mutex);
    if (workers.empty() && !results[i]) {
      // Not even one thread: check the rest here.
      lock.unlock();
      work();
      lock.lock();
    }
    ready.wait(lock, [&] { return results[i].has_value(); });
    InputResult result = std::move(*results[i]);
    results[i].reset();
    lock.unlock();
    report(result);
  }
  for (std::thread& t : workers) t.join();
  finish();
  return status;
}

Expected<std::set<std::string, std::less<>>> read_baseline(const std::string& path) {
  auto text = read_text_file(path, kMaxBaselineBytes);
  if (!text) return text.error();
  std::set<std::string, std::less<>> fingerprints;
  const auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  const auto bad = [] { return InputError{std::nullopt, "not a baseline that --write-baseline writes"}; };
  if (!doc.is_object() || doc.value("version", 0) != 1 || !doc.contains("findings") || !doc["findings"].is_array())
    return bad();
  for (const auto& f : doc["findings"]) {
    if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) return bad();
    fingerprints.insert(f["fingerprint"].get<std::string>());
  }
  return fingerprints;
}

std::string render_baseline(const std::vector<std::pair<std::string, const Finding*>>& findings) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const auto& [path, f] : findings)
    list.push_back({{"fingerprint", fingerprint(path, *f)}, {"rule", f->rule->id}, {"file", path}, {"message", message(*f)}});
  return Json{{"version", 1}, {"tool", "astrid-abi"}, {"findings", std::move(list)}}.dump(2, ' ', true,
                                                                                           Json::error_handler_t::replace) + "\n";
}

}  // namespace astrid

#include "check_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "capsule.h"
#include "manifest_check.h"
#include "module_reader.h"
#include "rules.h"

namespace astrid {
namespace {

void add_validation(const ValidationProblem& problem, Report& report) {
  const Rule& r = rule("invalid-module");
  Finding f;
  f.rule = &r;
  f.severity = r.severity;
  f.offset = problem.offset;
  f.message = "invalid module: " + problem.message;
  f.notes.push_back("the kernel validates the whole module before instantiating it: rebuild the capsule");
  report.findings.push_back(std::move(f));
  order_findings(report.findings);
  for (KernelVerdict& k : report.kernels) k.blockers.push_back(report.findings.back().message);
}

void suppress(const Config& config, const std::string& path, std::vector<Finding>& findings,
              std::vector<Suppressed>& out) {
  std::vector<Finding> off;
  apply_rule_settings(config, findings, off);
  for (Finding& f : off) {
    const RuleSetting& setting = config.rules.find(f.rule->id)->second;
    out.push_back({std::move(f), path, setting.source, setting.reason});
  }
}

}  // namespace

InputResult check_input(const InputSpec& input, const CheckCommand& command) {
  InputResult result;
  result.path = input.path;
  auto opened = open_capsule(input, command.manifest);
  if (auto* failure = std::get_if<InputFailure>(&opened)) {
    result.failure = std::move(*failure);
    return result;
  }
  Capsule& capsule = std::get<Capsule>(opened);
  std::vector<CapsuleModule> modules;
  result.modules.reserve(capsule.modules.size());  // CapsuleModule points into it
  for (CapsuleModuleSource& m : capsule.modules) {
    if (m.missing) {
      modules.push_back({m.name, nullptr, true});
      continue;
    }
    FileResult file{m.display, InputError{}};
    if (auto* error = std::get_if<InputError>(&m.source)) {
      file.outcome = *error;
    } else {
      FileSource& source = std::get<FileSource>(m.source);
      auto read = read_module(source);
      if (auto* error = std::get_if<InputError>(&read)) {
        file.outcome = *error;
      } else {
        Report report = check_module(std::get<Module>(read), command.options);
        file.outcome = std::move(report);
        if (command.validate) {
          auto validated = validate_module(source);
          if (auto* error = std::get_if<InputError>(&validated)) file.outcome = *error;
          else if (auto& problem = std::get<std::optional<ValidationProblem>>(validated))
            add_validation(*problem, std::get<Report>(file.outcome));
        }
      }
    }
    result.modules.push_back(std::move(file));
    modules.push_back({m.name, std::get_if<Report>(&result.modules.back().outcome), false});
  }
  if (capsule.manifest) {
    result.manifest = capsule.manifest_display;
    result.manifest_grants = capsule.manifest->grants;
    for (const ManifestComponent& c : capsule.manifest->components)
      result.manifest_grants->insert(result.manifest_grants->end(), c.grants.begin(), c.grants.end());
    result.findings = check_manifest(*capsule.manifest, capsule.manifest_display, modules);
  }
  for (FileResult& m : result.modules)
    if (auto* report = std::get_if<Report>(&m.outcome)) suppress(command.config, m.path, report->findings, result.suppressed);
  suppress(command.config, result.manifest, result.findings, result.suppressed);
  return result;
}

int run_check(const CheckCommand& command, Reporter& reporter) {
  const std::vector<InputSpec> inputs = expand_inputs(command.inputs);
  std::vector<std::optional<InputResult>> results(inputs.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};

  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < inputs.size();) {
      InputResult r = check_input(inputs[i], command);
      std::lock_guard lock(mutex);
      results[i] = std::move(r);
      ready.notify_all();
    }
  };
  unsigned jobs = command.jobs ? command.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, inputs.size()));
  std::vector<std::thread> workers;
  // The calling thread works too, so one job needs no thread at all.
  for (unsigned i = 1; i < jobs; ++i) workers.emplace_back(work);

  int status = kExitClean;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (jobs <= 1) {
      results[i] = check_input(inputs[i], command);
    } else {
      std::unique_lock lock(mutex);
      // Workers may be busy with later inputs; while waiting, help.
      while (!results[i]) {
        lock.unlock();
        const size_t mine = next.fetch_add(1);
        if (mine < inputs.size()) {
          InputResult r = check_input(inputs[mine], command);
          lock.lock();
          results[mine] = std::move(r);
          ready.notify_all();
        } else {
          lock.lock();
          ready.wait(lock, [&] { return results[i].has_value(); });
        }
      }
    }
    const InputResult result = std::move(*results[i]);
    results[i].reset();
    reporter.input(result);
    status = std::max(status, result.exit_status(command.fail_on));
  }
  for (std::thread& t : workers) t.join();
  reporter.finish();
  return status;
}

}  // namespace astrid

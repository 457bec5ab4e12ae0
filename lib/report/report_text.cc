#include <fmt/format.h>

#include <algorithm>

#include "report/escape.h"
#include "support/plural.h"
#include "support/output.h"
#include "report/report.h"
#include "report/paint.h"
#include "check/rules.h"

namespace astrid {
namespace {

// ANSI styles, used only when the caller asks for colour.
std::string_view severity_style(Severity s) {
  switch (s) {
    case Severity::Error: return "1;31";
    case Severity::Warning: return "1;35";
    case Severity::Note: return "1;36";
  }
  return "1";
}

// What a host function needs, as the summary's column shows it: the
// manifest keys ("net", "identity: link", "[publish]"), or why none help.
std::string short_gate(const HostGate& gate) {
  switch (gate.kind) {
    case GateKind::None: return "—";
    case GateKind::AlwaysDenied: return "always denied";
    case GateKind::LifecycleOnly: return "only in astrid-install/astrid-upgrade";
    case GateKind::Capabilities: break;
  }
  std::vector<std::string> keys;
  for (const GateNeed& n : gate.needs)
    keys.push_back(describe(ComponentNeed{n.capability, n.level, {}}));
  return fmt::format("{}", fmt::join(keys, " + "));
}

// The compatibility matrix of --abi with several releases: the releases
// it links on (unless `links_said`, a line above said so), then each
// blocker once, with the releases it keeps the capsule from.
void render_kernels(std::string& out, const Report& report, bool links_said) {
  std::vector<std::string_view> links, fails;
  for (const KernelVerdict& k : report.kernels) (k.links ? links : fails).push_back(k.release->name);
  if (!links_said && fails.empty())
    out += fmt::format("  kernels: links on every release checked ({})\n", fmt::join(links, ", "));
  else if (!links_said && links.empty())
    out += fmt::format("  kernels: links on none of {}\n", fmt::join(fails, ", "));
  else if (!links_said)
    out += fmt::format("  kernels: links only on {}; not on {}\n", fmt::join(links, ", "), fmt::join(fails, ", "));
  std::vector<std::pair<const Finding*, ReleaseSet>> blocking;
  for (const KernelVerdict& k : report.kernels)
    for (const Finding* why : blockers(report, *k.release)) {
      auto at = std::find_if(blocking.begin(), blocking.end(), [&](const auto& b) { return b.first == why; });
      if (at == blocking.end()) at = blocking.insert(blocking.end(), {why, 0});
      at->second |= ReleaseSet{1} << k.release->index;
    }
  for (const auto& [why, releases] : blocking) {
    const std::string names = describe_releases(releases);  // "kernels v0.2.0 and v0.3.0"
    out += fmt::format("    not on {}: {} [{}]\n", names.substr(names.find(' ') + 1), escape_untrusted(message(*why)),
                       why->rule->id);
  }
}

void render_finding(std::string& out, const std::string& path, const Finding& f, const Paint& paint,
                    ExplainedRules* explained, bool verbose) {
  out += fmt::format("{}: {}: {} [{}]\n",
                     paint("1", f.file.empty() ? render_location(path, f.offset)
                                               : render_location(f.file, std::nullopt, f.line, f.column)),
                     paint(severity_style(f.severity), to_string(f.severity)), escape_untrusted(message(f)), f.rule->id);
  // A note a finding of the same rule has shown already (the rule's advice,
  // not this finding's own facts) is not repeated under each of them.
  for (const std::string& note : f.notes)
    if (!explained || explained->notes.insert(std::string(f.rule->id) + '\0' + note).second)
      out += fmt::format("    {}: {}\n", paint(severity_style(Severity::Note), "note"), escape_untrusted(note));
  if (verbose)
    for (const std::string& detail : f.details) out += fmt::format("    - {}\n", escape_untrusted(detail));
  if (explained && explained->rules.insert(f.rule->id).second)
    out += fmt::format("    {}: why, and how to fix it: astrid-abi rules {}\n", paint(severity_style(Severity::Note), "note"),
                       f.rule->id);
}

void render_failure(std::string& out, const std::string& path, const InputError& error, const Paint& paint) {
  out += fmt::format("{}: {}: {}\n", paint("1", render_location(path, error.offset, error.line, error.column)),
                     paint(severity_style(Severity::Error), "error"), escape_untrusted(error.message));
}

std::string counts_line(const Report& report) {
  return fmt::format("  {}, {}, {}\n", plural(report.count(Severity::Error), "error"),
                     plural(report.count(Severity::Warning), "warning"), plural(report.count(Severity::Note), "note"));
}

// "links on kernels v0.7.0 – v0.10.4 and main; not on v0.6.0".
std::string links_line(ReleaseSet links_on) {
  ReleaseSet component = 0;
  for (const KernelRelease& k : kernel_releases())
    if (k.era == Era::Component) component |= ReleaseSet{1} << k.index;
  const ReleaseSet not_on = component & ~links_on;
  if (!links_on) return "links on no kernel release";
  if (!not_on) return "links on every component-era release (" + describe_releases(links_on) + ")";
  std::string out = "links on " + describe_releases(links_on) + "; not on ";
  return out + describe_releases(not_on).substr(describe_releases(not_on).find(' ') + 1);
}

void render_component_summary(std::string& out, const FileResult& result, const Report& report,
                              const Paint& paint) {
  const ComponentSummary& c = *report.component;
  std::vector<std::string_view> roles = c.roles;
  if (c.javascript) roles.push_back("JavaScript");
  const std::string kind = fmt::format("{}", fmt::join(roles, ", "));
  out += fmt::format("{}: component, {}, checked against kernel {}\n", paint("1", display_path(result.path)),
                     kind.empty() ? "library capsule (no entry point)" : kind + " capsule", c.release->name);
  out += fmt::format("  {}\n", links_line(c.links_on));
  if (!report.kernels.empty()) render_kernels(out, report, /*links_said=*/true);
  // By interface, in name order (so by package); functions in import order.
  std::vector<const HostFunctionUse*> uses;
  for (const HostFunctionUse& u : c.functions) uses.push_back(&u);
  std::stable_sort(uses.begin(), uses.end(),
                   [](const HostFunctionUse* a, const HostFunctionUse* b) { return a->instance < b->instance; });
  size_t interfaces = 0, width = 0;
  for (size_t i = 0; i < uses.size(); ++i) {
    interfaces += i == 0 || uses[i]->instance != uses[i - 1]->instance;
    width = std::max(width, escape_untrusted(uses[i]->function).size());
  }
  out += fmt::format("  host functions: {} from {}{}\n", uses.size(), plural(interfaces, "interface"),
                     c.javascript ? " (an upper bound: a JavaScript capsule imports by interface, not by call)" : "");
  for (size_t i = 0; i < uses.size(); ++i) {
    const HostFunctionUse& u = *uses[i];
    if (i == 0 || u.instance != uses[i - 1]->instance) {
      std::string header = escape_untrusted(u.instance);
      if (u.registered.empty())
        header += "  (not served)";
      else if (u.registered != u.instance)
        header += fmt::format("  (served as {})", u.registered);
      out += fmt::format("    {}\n", header);
    }
    out += fmt::format("      {:<{}}  {}\n", escape_untrusted(u.function), width, short_gate(u.gate));
  }
  if (c.needs.empty()) {
    out += "  capabilities: none needed\n";
  } else {
    out += "  capabilities needed in Capsule.toml:\n";
    size_t need_width = 0;
    for (const ComponentNeed& n : c.needs) need_width = std::max(need_width, describe(n).size());
    for (const ComponentNeed& n : c.needs)
      out += fmt::format("    {:<{}}  used by {}\n", describe(n), need_width,
                         escape_untrusted(fmt::format("{}", fmt::join(n.functions, ", "))));
  }
  out += counts_line(report);
}

void render_summary(std::string& out, const FileResult& result, const Report& report, const Paint& paint) {
  if (report.component) return render_component_summary(out, result, report, paint);
  if (!report.release) {
    // A core module checked only against component-era releases.
    out += fmt::format("{}: core module, checked against {}\n", paint("1", display_path(result.path)),
                       describe_releases(report.findings.empty() ? 0 : report.findings.front().releases));
    if (!report.kernels.empty()) render_kernels(out, report, false);
    out += counts_line(report);
    return;
  }
  std::vector<std::string_view> roles = report.roles;
  if (report.javascript) roles.push_back("JavaScript");
  const std::string kind = fmt::format("{}", fmt::join(roles, ", "));
  out += fmt::format("{}: {}, checked against kernel {}\n", paint("1", display_path(result.path)),
                     kind.empty() ? "library capsule (no entry point)" : kind + " capsule", report.release->name);
  if (!report.kernels.empty()) render_kernels(out, report, false);

  if (report.javascript && report.syscalls.empty()) {
    out += "  syscalls: chosen at run time through the shim\n";
  } else {
    out += fmt::format("  syscalls: {} of {}\n", report.syscalls.size(), report.release->syscalls.size());
    size_t name_width = 0, sig_width = 0;
    for (const SyscallUse& use : report.syscalls) {
      name_width = std::max(name_width, use.syscall->name.size());
      sig_width = std::max(sig_width, format_arrow(use.syscall->signature()).size());
    }
    for (Group group : groups()) {
      bool header = false;
      for (const SyscallUse& use : report.syscalls) {
        if (use.syscall->group != group) continue;
        if (!header) out += fmt::format("    {}\n", to_string(group));
        header = true;
        out += fmt::format("      {:>3}  {:<{}}  {:<{}}  {}\n", fmt::format("#{}", use.number), use.syscall->name,
                           name_width, format_arrow(use.syscall->signature()), sig_width,
                           describe_gate(use.syscall->gate));
      }
    }
  }

  if (report.capabilities.empty() && report.javascript) {
    out += "  capabilities: not known until run time\n";
  } else if (report.capabilities.empty()) {
    out += "  capabilities: none needed\n";
  } else {
    out += "  capabilities needed in Capsule.toml:\n";
    size_t width = 0;
    for (const CapabilityNeed& need : report.capabilities) width = std::max(width, describe(need).size());
    for (const CapabilityNeed& need : report.capabilities) {
      out += fmt::format("    {:<{}}  used by {}\n", describe(need), width, fmt::join(need.syscalls, ", "));
    }
  }
  out += counts_line(report);
}

}  // namespace

std::string render_location(const std::string& path, std::optional<uint64_t> offset, uint32_t line,
                            uint32_t column) {
  std::string out = display_path(path);
  if (offset) out += fmt::format(":0x{:x}", *offset);
  else if (line) out += fmt::format(":{}:{}", line, column);
  return out;
}

std::string render_text(const FileResult& result, const TextOptions& options, ExplainedRules* explained) {
  const Paint paint{options.color};
  std::string out;
  if (const auto* error = std::get_if<InputError>(&result.outcome)) {
    render_failure(out, result.path, *error, paint);
    return out;
  }
  const Report& report = std::get<Report>(result.outcome);
  for (const Finding& f : report.findings) render_finding(out, result.path, f, paint, explained, options.verbose);
  if (!options.quiet) render_summary(out, result, report, paint);
  return out;
}

std::string render_text(const InputResult& result, const TextOptions& options, ExplainedRules* explained) {
  const Paint paint{options.color};
  std::string out;
  if (result.failure) {
    render_failure(out, result.failure->path, result.failure->error, paint);
    return out;
  }
  if (result.manifest_error) render_failure(out, result.manifest_error->path, result.manifest_error->error, paint);
  for (const FileResult& m : result.modules) out += render_text(m, options, explained);
  for (const Finding& f : result.findings) render_finding(out, result.manifest, f, paint, explained, options.verbose);
  if (!result.manifest.empty() && !options.quiet) {
    // The manifest's own: the archive's findings follow it in the list.
    auto count = [&](Severity s) {
      return std::count_if(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
        return f.severity == s && (f.file.empty() || f.file == result.manifest);
      });
    };
    out += fmt::format("{}: {}, {}, {}\n", paint("1", display_path(result.manifest)),
                       plural(count(Severity::Error), "error"), plural(count(Severity::Warning), "warning"),
                       plural(count(Severity::Note), "note"));
  }
  if (!result.no_manifest.empty() && !options.quiet)
    out += fmt::format("{}: checked without a manifest: {}; what it needs is listed, not checked against "
                       "grants (--manifest FILE names one)\n",
                       paint("1", display_path(result.path)), escape_untrusted(result.no_manifest));
  // Who signed the archive, when its signature verifies: the key, not a
  // name, for trusting it is the operator's decision.
  if (result.archive && result.archive->provenance && !options.quiet &&
      result.archive->provenance->status == ProvenanceResult::Status::Verified)
    out += fmt::format("{}: signed by Ed25519 key {}; content digest {} verified\n",
                       paint("1", display_path(result.path)), result.archive->provenance->signer,
                       result.archive->content_digest);
  if (options.verbose)
    for (const Suppressed& s : result.suppressed)
      out += fmt::format("{}: suppressed {}: {} [{}] by {}{}\n",
                         s.finding.file.empty() ? render_location(s.path, s.finding.offset)
                                                : render_location(s.finding.file, std::nullopt, s.finding.line,
                                                                  s.finding.column),
                         to_string(s.finding.rule->severity), escape_untrusted(message(s.finding)), s.finding.rule->id,
                         escape_untrusted(s.source), s.reason.empty() ? "" : ": " + escape_untrusted(s.reason));
  return out;
}

std::string render_failures(const InputResult& result) {
  const Paint plain{false};
  std::string out;
  if (result.failure) render_failure(out, result.failure->path, result.failure->error, plain);
  if (result.manifest_error) render_failure(out, result.manifest_error->path, result.manifest_error->error, plain);
  for (const FileResult& m : result.modules)
    if (const auto* error = std::get_if<InputError>(&m.outcome)) render_failure(out, m.path, *error, plain);
  return out;
}

namespace {

class TextReporter final : public Reporter {
 public:
  TextReporter(const TextOptions& options, std::FILE* out) : options_(options), out_(out) {}

  void input(const InputResult& result) override {
    const std::string text = render_text(result, options_, &explained_);
    write_out(out_, text);
    ++inputs_;
    modules_ += result.failure ? 1 : result.modules.size();
    for (Severity s : {Severity::Note, Severity::Warning, Severity::Error}) counts_[static_cast<int>(s)] += result.count(s);
    suppressed_ += result.suppressed.size();
    if (result.failure || result.manifest_error) ++unreadable_;
    for (const FileResult& m : result.modules) unreadable_ += std::holds_alternative<InputError>(m.outcome);
  }

  void finish() override {
    // What suppressions left out is never silent: counted, and listed by -v.
    if (suppressed_ && !options_.verbose)
      write_out(out_, fmt::format("astrid-abi: {} suppressed (-v lists them)\n", plural(suppressed_, "finding")));
    // Without -q, one file's own summary says it all; with -q there is no
    // per-file summary, so the total is the one line, for one file or many.
    if (modules_ == 0 || (modules_ == 1 && !options_.quiet)) return;
    std::string line = fmt::format("checked {}: {}, {}, {}", plural(modules_, "file"), plural(counts_[2], "error"),
                                   plural(counts_[1], "warning"), plural(counts_[0], "note"));
    if (unreadable_) line += fmt::format("; {} could not be read", unreadable_);
    write_out(out_, line + "\n");
  }

 private:
  TextOptions options_;
  ExplainedRules explained_;
  std::FILE* out_;
  size_t inputs_ = 0, modules_ = 0, unreadable_ = 0, suppressed_ = 0;
  size_t counts_[3] = {};
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(const TextOptions& options, std::FILE* out) {
  return std::make_unique<TextReporter>(options, out);
}

}  // namespace astrid

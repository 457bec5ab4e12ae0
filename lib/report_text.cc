#include <fmt/format.h>

#include <algorithm>

#include "escape.h"
#include "plural.h"
#include "report.h"
#include "rules.h"

namespace astrid {
namespace {

// ANSI styles, used only when the caller asks for colour.
struct Paint {
  bool on;
  std::string operator()(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

std::string_view severity_style(Severity s) {
  switch (s) {
    case Severity::Error: return "1;31";
    case Severity::Warning: return "1;35";
    case Severity::Note: return "1;36";
  }
  return "1";
}

std::string location(const std::string& path, std::optional<uint64_t> offset) {
  std::string out = escape_untrusted(path);
  if (offset) out += fmt::format(":0x{:x}", *offset);
  return out;
}

std::string describe_need(const CapabilityNeed& need) {
  std::string out(manifest_key(need.capability));
  if (need.capability == Capability::Identity) out += fmt::format(": {}", to_string(need.identity));
  return out;
}

void render_summary(std::string& out, const FileResult& result, const Report& report, const Paint& paint) {
  std::vector<std::string_view> roles = report.roles;
  if (report.javascript) roles.push_back("JavaScript");
  const std::string kind = fmt::format("{}", fmt::join(roles, ", "));
  out += fmt::format("{}: {}, checked against kernel {}\n", paint("1", escape_untrusted(result.path)),
                     kind.empty() ? "library capsule (no entry point)" : kind + " capsule", report.release->name);

  if (report.javascript && report.syscalls.empty()) {
    out += "  syscalls: chosen at run time through the shim\n";
  } else {
    out += fmt::format("  syscalls: {} of {}\n", report.syscalls.size(), report.release->syscalls.size());
    size_t name_width = 0, sig_width = 0;
    for (const SyscallUse& use : report.syscalls) {
      name_width = std::max(name_width, use.syscall->name.size());
      sig_width = std::max(sig_width, format_arrow(use.syscall->signature()).size());
    }
    for (Group group : {Group::Filesystem, Group::IPC, Group::Storage, Group::Network, Group::Identity,
                        Group::Process, Group::Lifecycle, Group::System}) {
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
    for (const CapabilityNeed& need : report.capabilities) width = std::max(width, describe_need(need).size());
    for (const CapabilityNeed& need : report.capabilities) {
      out += fmt::format("    {:<{}}  used by {}\n", describe_need(need), width, fmt::join(need.syscalls, ", "));
    }
  }
  out += fmt::format("  {}, {}, {}\n", plural(report.count(Severity::Error), "error"),
                     plural(report.count(Severity::Warning), "warning"), plural(report.count(Severity::Note), "note"));
}

}  // namespace

std::string render_text(const FileResult& result, const TextOptions& options) {
  const Paint paint{options.color};
  std::string out;
  if (const auto* error = std::get_if<InputError>(&result.outcome)) {
    out += fmt::format("{}: {}: {}\n", paint("1", location(result.path, error->offset)),
                       paint(severity_style(Severity::Error), "error"), escape_untrusted(error->message));
    return out;
  }
  const Report& report = std::get<Report>(result.outcome);
  for (const Finding& f : report.findings) {
    out += fmt::format("{}: {}: {} [{}]\n", paint("1", location(result.path, f.offset)),
                       paint(severity_style(f.severity), to_string(f.severity)), escape_untrusted(f.message),
                       f.rule->id);
    for (const std::string& note : f.notes)
      out += fmt::format("    {}: {}\n", paint(severity_style(Severity::Note), "note"), escape_untrusted(note));
  }
  if (!options.quiet) render_summary(out, result, report, paint);
  return out;
}

}  // namespace astrid

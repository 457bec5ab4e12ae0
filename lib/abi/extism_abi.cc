// Queries over the ABI data of abi_data.cc.
#include "abi/extism_abi.h"

#include <algorithm>
#include <cstdlib>

namespace astrid {

std::string_view to_string(Group group) {
  switch (group) {
    case Group::Filesystem: return "Filesystem";
    case Group::IPC: return "IPC";
    case Group::Storage: return "Storage";
    case Group::Network: return "Network";
    case Group::Identity: return "Identity";
    case Group::Process: return "Process";
    case Group::Lifecycle: return "Lifecycle";
    case Group::System: return "System";
  }
  return "?";
}

std::string_view manifest_key(Capability cap) {
  switch (cap) {
    case Capability::FsRead: return "fs_read";
    case Capability::FsWrite: return "fs_write";
    case Capability::IpcPublish: return "ipc_publish";
    case Capability::IpcSubscribe: return "ipc_subscribe";
    case Capability::Uplink: return "uplink";
    case Capability::Net: return "net";
    case Capability::HostProcess: return "host_process";
    case Capability::NetBind: return "net_bind";
    case Capability::Identity: return "identity";
    case Capability::None:
    case Capability::InstallHooks: break;
  }
  return {};
}

std::string_view manifest_placeholder(Capability cap) {
  switch (cap) {
    case Capability::FsRead:
    case Capability::FsWrite: return "<path: cwd://dir, home://dir, * or a path prefix>";
    case Capability::IpcPublish:
    case Capability::IpcSubscribe: return "<topic pattern, e.g. agent.v1.*>";
    case Capability::Uplink: return "<frontend>";
    case Capability::Net: return "<host, e.g. api.example.com>";
    case Capability::HostProcess: return "<command, e.g. git>";
    case Capability::NetBind: return "<unix:///path/to.sock>";
    case Capability::Identity:
    case Capability::None:
    case Capability::InstallHooks: break;
  }
  return {};
}

std::string_view to_string(Risk risk) {
  switch (risk) {
    case Risk::High: return "high";
    case Risk::Medium: return "medium";
    case Risk::Low: return "low";
  }
  return "?";
}

Risk risk_of(Capability cap, IdentityLevel level) {
  switch (cap) {
    case Capability::HostProcess:
    case Capability::FsWrite:
    case Capability::Net:
    case Capability::NetBind: return Risk::High;
    case Capability::Identity: return level >= IdentityLevel::Link ? Risk::High : Risk::Medium;
    case Capability::FsRead:
    case Capability::IpcPublish:
    case Capability::Uplink: return Risk::Medium;
    case Capability::IpcSubscribe:
    case Capability::None:
    case Capability::InstallHooks: break;
  }
  return Risk::Low;
}

std::string_view to_string(IdentityLevel level) {
  switch (level) {
    case IdentityLevel::Resolve: return "resolve";
    case IdentityLevel::Link: return "link";
    case IdentityLevel::Admin: return "admin";
    case IdentityLevel::None: break;
  }
  return {};
}

std::optional<IdentityLevel> parse_identity_level(std::string_view text) {
  for (IdentityLevel level : {IdentityLevel::Resolve, IdentityLevel::Link, IdentityLevel::Admin})
    if (to_string(level) == text) return level;
  return std::nullopt;
}

std::string describe_gate(const Gate& gate) {
  std::string out;
  if (gate.capability == Capability::InstallHooks) {
    out = "only inside the install/upgrade hooks";
  } else if (gate.capability == Capability::Identity) {
    out = "identity: " + std::string(to_string(gate.identity));
  } else if (gate.capability == Capability::None) {
    out = "—";
  } else {
    out = manifest_key(gate.capability);
  }
  if (!gate.detail.empty()) out += " (" + std::string(gate.detail) + ")";
  return out;
}

std::string Syscall::c_prototype() const {
  std::string params;
  for (std::string_view arg : args) params += (params.empty() ? "uint64_t " : ", uint64_t ") + std::string(arg);
  return std::string(returns_bytes ? "uint64_t " : "void ") + std::string(name) + "(" + (params.empty() ? "void" : params) + ")";
}

FuncSig Syscall::signature() const {
  FuncSig sig;
  sig.params.assign(args.size(), ValType::I64);
  if (returns_bytes) sig.results.push_back(ValType::I64);
  return sig;
}

const Syscall* Release::find(std::string_view name) const {
  auto it = std::find_if(syscalls.begin(), syscalls.end(), [&](const Syscall* s) { return s->name == name; });
  return it == syscalls.end() ? nullptr : *it;
}

std::optional<size_t> Release::number_of(std::string_view name) const {
  for (size_t i = 0; i < syscalls.size(); ++i)
    if (syscalls[i]->name == name) return i;
  return std::nullopt;
}

size_t release_count() { return releases().size(); }
std::string_view release_name(size_t index) { return releases()[index].name; }

const Release& default_release() { return releases().front(); }

const Release* find_release(std::string_view name) {
  if (name.starts_with('v')) name.remove_prefix(1);
  for (const Release& r : releases())
    if (r.name.substr(1) == name) return &r;
  return nullptr;
}

std::string release_names(std::string_view separator) {
  std::string out;
  for (const Release& r : releases()) {
    if (!out.empty()) out += separator;
    out += r.name;
  }
  return out;
}

std::variant<std::vector<const Release*>, std::string> parse_releases(const std::vector<std::string>& names) {
  std::vector<bool> chosen(releases().size());
  for (const std::string& name : names) {
    if (name == "all") {
      chosen.assign(chosen.size(), true);
      continue;
    }
    const Release* r = find_release(name);
    if (!r) return name;
    chosen[r->index] = true;
  }
  std::vector<const Release*> out;
  for (const Release& r : releases())
    if (chosen[r.index]) out.push_back(&r);
  return out;
}

const Syscall* find_any_syscall(std::string_view name) {
  for (const Syscall& s : all_syscalls())
    if (s.name == name) return &s;
  return nullptr;
}

bool is_host_module(std::string_view module) {
  return module == kSyscallModule || module == kWasiUnstableModule || !host_module_functions(module).empty();
}

std::string kernel_entry_points(const Release& release) {
  std::string out;
  for (const EntryPoint& e : entry_points()) {
    if (!e.called_by(release)) continue;
    if (!out.empty()) out += ", ";
    out += e.name;
  }
  return out;
}

const EntryPoint* find_entry_point(std::string_view name) {
  for (const EntryPoint& e : entry_points())
    if (e.name == name) return &e;
  return nullptr;
}

FuncSig entry_point_signature() { return FuncSig{{}, {ValType::I32}}; }

const EntryPoint& run_loop_entry() {
  for (const EntryPoint& e : entry_points())
    if (e.role == "run-loop") return e;
  std::abort();  // the data has one
}

std::vector<std::string_view> install_hooks() {
  std::vector<std::string_view> out;
  for (const EntryPoint& e : entry_points())
    if (e.role == "installable") out.push_back(e.name);
  return out;
}

std::optional<Renumbering> first_renumbering() {
  for (size_t i = 1; i < releases().size(); ++i) {
    const Release& before = releases()[i - 1];
    const Release& after = releases()[i];
    for (size_t n = 0; n < after.syscalls.size(); ++n) {
      const auto old = before.number_of(after.syscalls[n]->name);
      if (old && *old != n) return Renumbering{&after, after.syscalls[n]->name};
    }
  }
  return std::nullopt;
}

}  // namespace astrid

// The checks: does the Astrid kernel of one release link this module, and
// what will the capsule need from its manifest?
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "abi.h"
#include "finding.h"
#include "module.h"

namespace astrid {

struct CheckOptions {
  const Release* release = &default_release();
  // Syscalls the capsule must import (missing-syscall); names must be in
  // the release (see unknown_required_syscalls).
  std::vector<std::string> require;
  bool require_all = false;
};

// Names in `require` that the release does not have: a usage error.
std::vector<std::string> unknown_required_syscalls(const CheckOptions& options);

// For a name the release does not have: the release that does ("added in
// v0.4.0", "removed in v0.5.0"), or the nearest name ("did you mean").
std::optional<std::string> unknown_syscall_hint(std::string_view name, const Release& release);

struct SyscallUse {
  const Syscall* syscall;
  size_t number;    // in the checked release
  uint64_t offset;  // of the (first) import
};

struct CapabilityNeed {
  Capability capability;
  IdentityLevel identity = IdentityLevel::None;  // the highest level needed
  std::vector<std::string_view> syscalls;
};

struct Report {
  const Release* release = nullptr;
  std::vector<Finding> findings;        // by offset; module-wide ones last
  std::vector<SyscallUse> syscalls;     // by number
  std::vector<CapabilityNeed> capabilities;
  std::vector<std::string_view> roles;  // "tool", "run-loop", ... in entry-point order
  bool javascript = false;              // calls syscalls through the shim

  size_t count(Severity severity) const;
  bool reaches(Severity fail_on) const;
};

Report check_module(const Module& module, const CheckOptions& options);

}  // namespace astrid

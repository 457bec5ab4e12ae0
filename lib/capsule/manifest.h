// Capsule.toml, the capsule manifest: the parts that concern the ABI
// (reference section 7), each with the line and column it was read from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "support/expected.h"
#include "abi/extism_abi.h"
#include "support/input_error.h"

namespace astrid {

// A place in a text file, from 1; 0 when unknown.
struct TextPosition {
  uint32_t line = 0;
  uint32_t column = 0;
};

// One capability the manifest grants: a non-empty list under
// [capabilities] (or a component's capabilities), or, for uplink, the
// [[uplink]] entries. An empty list grants nothing (fail-closed), so it
// is not a grant.
struct Grant {
  Capability capability = Capability::None;
  std::vector<std::string> values;                // hosts, paths, topics, commands or levels
  IdentityLevel identity = IdentityLevel::None;  // the highest level listed
  TextPosition position;
};

struct ManifestComponent {
  std::string id;
  std::string file;  // relative to the manifest
  std::vector<Grant> grants;
  TextPosition position;
};

// A manifest entry that needs the capsule to export an entry point.
struct EntryNeed {
  std::string what;              // "[[tool]] read_file", "[env.API_KEY]", ...
  std::string_view entry_point;  // astrid_tool_call, astrid_hook_trigger or astrid_install
  TextPosition position;
};

struct Manifest {
  std::string package;              // [package] name, may be empty
  // The text it was read from: a component capsule's checks read it again
  // as the component era does (capsule/component_manifest.h).
  std::string text;
  std::vector<Grant> grants;        // capsule-wide
  std::vector<ManifestComponent> components;
  std::vector<EntryNeed> entry_needs;
  // Each component by its file, normalised ("./a.wasm" is "a.wasm").
  std::unordered_map<std::string, size_t> component_index;

  const Grant* grant(Capability capability) const;
  // In constant time: a manifest may name many files.
  const ManifestComponent* component_for(std::string_view file) const;
};

// The most [[component]] entries a manifest may have: as many as an
// archive may hold modules.
inline constexpr size_t kMaxComponents = 256;

const Grant* find_grant(const std::vector<Grant>& grants, Capability capability);

// The largest manifest astrid-abi reads; real ones are a few kilobytes.
inline constexpr uint64_t kMaxManifestBytes = 1 << 20;

// Parses a manifest. Invalid TOML, and known fields of the wrong type, are
// an InputError with the line and column at fault. Keys astrid-abi does not
// know are left alone: the manifest has more than the ABI part.
Expected<Manifest> parse_manifest(std::string_view text);

// A value caps --emit-manifest writes for the author to replace, "<...>":
// read where a grant's value goes (a list's entry, a flag, an identity
// level), so that check can say it is unfilled, and granting nothing.
bool is_placeholder(std::string_view value);

}  // namespace astrid

// Capsule.toml as the component-era kernels read it (reference section 7):
// the capabilities, the topic ACLs, the entries the kernel validates at
// load, and every key the manifest holds, each with its line and column,
// for the checks of check/component_manifest_check.h.
//
// Values of the wrong type, where the kernel's serde types would refuse the
// manifest, are an InputError, as for the Extism era (capsule/manifest.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capsule/manifest.h"
#include "support/expected.h"

namespace astrid {

// One [capabilities] key as written: a list or a flag.
struct CapabilityEntry {
  std::string key;                  // "fs_read", "allow_persistent", ...
  bool is_flag = false;             // a boolean (uplink, allow_persistent, ...)
  bool flag = false;
  std::vector<std::string> values;  // a list's entries; a flag's placeholder ("<...>")
  std::vector<TextPosition> value_positions;
  TextPosition position;            // of the key
};

struct CapabilityTable {
  std::vector<CapabilityEntry> entries;  // in the order written
  TextPosition position;                 // of the table; 0 when absent
  const CapabilityEntry* find(std::string_view key) const;
};

// A [publish] or [subscribe] key: a topic pattern.
struct TopicAcl {
  std::string pattern;
  std::optional<std::string> handler;  // [subscribe] only
  TextPosition position;
};

struct ComponentEntry {
  std::string id, file;
  CapabilityTable capabilities;
  TextPosition position;
};

// A [[tool]], [[command]], [[interceptor]] or [[topic]] entry, with what
// the load-time validation reads of it.
struct NamedEntry {
  std::string name;     // tool/command name, interceptor event, topic name
  std::string kind;     // [[command]] kind ("slash" when absent); [[interceptor]] action
  bool described = false;  // [[tool]]: has description_for_llm
  TextPosition position;
};

// An [imports] or [exports] contract: "<namespace>:<interface>".
struct ContractName {
  std::string ns, iface;
  TextPosition position;
};

// A key the manifest holds, under a table the schema names (abi/manifest_schema.h).
struct ManifestKeyUse {
  std::string table;  // "capabilities", "component.capabilities", "tool", ...
  std::string key;
  size_t entry = 0;   // which entry of an array of tables ([[component]] 0, 1, ...)
  TextPosition position;
};

struct ComponentManifest {
  bool has_package = false;
  std::string name;
  std::optional<std::string> version, astrid_version;
  TextPosition version_position, astrid_version_position;
  CapabilityTable capabilities;
  std::vector<ComponentEntry> components;
  bool has_publish = false, has_subscribe = false;
  std::vector<TopicAcl> publish, subscribe;
  TextPosition publish_position, subscribe_position;
  std::vector<ContractName> imports, exports;
  std::vector<NamedEntry> tools, commands, interceptors, topics;
  std::vector<ManifestKeyUse> keys;
};

// The most keys read from one manifest (every table's keys together): a
// manifest of a megabyte holds at most a few hundred thousand.
inline constexpr size_t kMaxManifestKeys = 100000;

Expected<ComponentManifest> parse_component_manifest(std::string_view text);

}  // namespace astrid

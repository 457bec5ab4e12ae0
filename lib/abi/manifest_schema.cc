#include "abi/manifest_schema.h"

#include <algorithm>

#include "support/suggest.h"

namespace astrid {
namespace {

constexpr std::string_view kFirstExtism = "v0.2.0";
constexpr std::string_view kFirstComponent = "v0.6.0";

// clang-format off
constexpr ManifestKey kKeys[] = {
    // The root's tables (component era, section 7.1 and 7.2).
    {"", "package", kFirstComponent, "", ""},
    {"", "component", kFirstComponent, "", ""},
    {"", "capabilities", kFirstComponent, "", ""},
    {"", "publish", kFirstComponent, "", ""},
    {"", "subscribe", kFirstComponent, "", ""},
    {"", "imports", kFirstComponent, "", "", true},
    {"", "exports", kFirstComponent, "", "", true},
    {"", "tool", kFirstComponent, "", ""},
    {"", "env", kFirstComponent, "", ""},
    {"", "context_file", kFirstComponent, "", ""},
    {"", "command", kFirstComponent, "", ""},
    {"", "mcp_server", kFirstComponent, "", ""},
    {"", "uplink", kFirstComponent, "", ""},
    {"", "skill", kFirstComponent, "v0.10.4", "files under skills/, packed as assets"},
    {"", "interceptor", kFirstComponent, "v0.8.0", "[subscribe] entries with a handler"},
    {"", "topic", kFirstComponent, "v0.8.0", "[publish] and [subscribe] keys"},

    {"package", "name", kFirstComponent, "", ""},
    {"package", "version", kFirstComponent, "", ""},
    {"package", "description", kFirstComponent, "", ""},
    {"package", "repository", kFirstComponent, "", ""},
    {"package", "homepage", kFirstComponent, "", ""},
    {"package", "documentation", kFirstComponent, "", ""},
    {"package", "license", kFirstComponent, "", ""},
    {"package", "license-file", kFirstComponent, "", ""},
    {"package", "readme", kFirstComponent, "", ""},
    {"package", "authors", kFirstComponent, "", ""},
    {"package", "keywords", kFirstComponent, "", ""},
    {"package", "categories", kFirstComponent, "", ""},
    {"package", "astrid-version", kFirstComponent, "", ""},
    {"package", "publish", kFirstComponent, "", ""},
    {"package", "include", kFirstComponent, "", ""},
    {"package", "exclude", kFirstComponent, "", ""},
    {"package", "metadata", kFirstComponent, "", "", true},

    // [[component]]: the Extism era's keys, which the component era kept.
    {"component", "file", kFirstExtism, "", ""},
    {"component", "entrypoint", kFirstExtism, "", ""},
    {"component", "id", kFirstExtism, "", ""},
    {"component", "type", kFirstExtism, "", ""},
    {"component", "capabilities", kFirstExtism, "", ""},
    {"component", "hash", kFirstComponent, "", ""},
    {"component", "link", kFirstComponent, "", ""},

    // [capabilities], and a component's own capabilities table.
    {"capabilities", "fs_read", kFirstExtism, "", ""},
    {"capabilities", "fs_write", kFirstExtism, "", ""},
    {"capabilities", "net", kFirstExtism, "", ""},
    {"capabilities", "net_connect", "v0.7.0", "", ""},
    {"capabilities", "net_bind", kFirstExtism, "", ""},
    {"capabilities", "host_process", kFirstExtism, "", ""},
    {"capabilities", "allow_persistent", "v0.8.0", "", ""},
    {"capabilities", "identity", kFirstExtism, "", ""},
    {"capabilities", "uplink", kFirstExtism, "", ""},
    {"capabilities", "kv", kFirstExtism, "", ""},
    {"capabilities", "allow_prompt_injection", kFirstExtism, "", ""},
    {"capabilities", "bind_workers", "main", "", ""},
    {"capabilities", "ipc_publish", kFirstExtism, "v0.8.0", "[publish] keys (topic patterns)"},
    {"capabilities", "ipc_subscribe", kFirstExtism, "v0.8.0", "[subscribe] keys (topic patterns)"},

    // The value of a [publish] or [subscribe] key, when it is a table.
    {"publish.*", "wit", kFirstComponent, "", ""},
    {"publish.*", "version", kFirstComponent, "", ""},
    {"publish.*", "tag", kFirstComponent, "", ""},
    {"publish.*", "rev", kFirstComponent, "", ""},
    {"publish.*", "branch", kFirstComponent, "", ""},
    {"publish.*", "path", kFirstComponent, "", ""},
    {"publish.*", "fanout", kFirstComponent, "", ""},
    {"subscribe.*", "wit", kFirstComponent, "", ""},
    {"subscribe.*", "version", kFirstComponent, "", ""},
    {"subscribe.*", "tag", kFirstComponent, "", ""},
    {"subscribe.*", "rev", kFirstComponent, "", ""},
    {"subscribe.*", "branch", kFirstComponent, "", ""},
    {"subscribe.*", "path", kFirstComponent, "", ""},
    {"subscribe.*", "handler", kFirstComponent, "", ""},
    {"subscribe.*", "priority", "v0.8.0", "", ""},

    {"tool", "name", kFirstComponent, "", ""},
    {"tool", "description_for_llm", kFirstComponent, "", ""},
    {"tool", "input_schema_wit", kFirstComponent, "", ""},
    {"tool", "mutable", kFirstComponent, "", ""},
    {"tool", "description", kFirstExtism, kFirstComponent, "description_for_llm"},
    {"tool", "input_schema", kFirstExtism, kFirstComponent, "input_schema_wit"},

    {"env.*", "type", kFirstComponent, "", ""},
    {"env.*", "request", kFirstComponent, "", ""},
    {"env.*", "description", kFirstComponent, "", ""},
    {"env.*", "placeholder", kFirstComponent, "", ""},
    {"env.*", "default", kFirstComponent, "", "", true},
    {"env.*", "enum_values", kFirstComponent, "", ""},
    {"env.*", "options_from", kFirstComponent, "", ""},
    {"env.*", "options-from", kFirstComponent, "", ""},
    {"env.*.options_from", "http", kFirstComponent, "", ""},
    {"env.*.options_from", "bearer", kFirstComponent, "", ""},
    {"env.*.options_from", "select", kFirstComponent, "", ""},
    {"env.*.options_from", "after", kFirstComponent, "", ""},

    {"context_file", "name", kFirstComponent, "", ""},
    {"context_file", "file", kFirstComponent, "", ""},
    {"command", "name", kFirstComponent, "", ""},
    {"command", "description", kFirstComponent, "", ""},
    {"command", "file", kFirstComponent, "", ""},
    {"command", "kind", "v0.9.0", "", ""},
    {"mcp_server", "id", kFirstComponent, "", ""},
    {"mcp_server", "description", kFirstComponent, "", ""},
    {"mcp_server", "type", kFirstComponent, "", ""},
    {"mcp_server", "command", kFirstComponent, "", ""},
    {"mcp_server", "args", kFirstComponent, "", ""},
    {"uplink", "name", kFirstComponent, "", ""},
    {"uplink", "platform", kFirstComponent, "", ""},
    {"uplink", "profile", kFirstComponent, "", ""},
    {"skill", "name", kFirstComponent, "v0.10.4", ""},
    {"skill", "description", kFirstComponent, "v0.10.4", ""},
    {"skill", "file", kFirstComponent, "v0.10.4", ""},
    {"interceptor", "event", kFirstComponent, "v0.8.0", ""},
    {"interceptor", "action", kFirstComponent, "v0.8.0", ""},
    {"interceptor", "priority", kFirstComponent, "v0.8.0", ""},
    {"topic", "name", kFirstComponent, "v0.8.0", ""},
    {"topic", "direction", kFirstComponent, "v0.8.0", ""},
    {"topic", "description", kFirstComponent, "v0.8.0", ""},
    {"topic", "schema", kFirstComponent, "v0.8.0", ""},
    {"topic", "wit_type", kFirstComponent, "v0.8.0", ""},
};
// clang-format on

size_t index_of(std::string_view name) {
  const KernelRelease* r = find_kernel_release(name);
  return r ? r->index : 0;
}

}  // namespace

std::span<const ManifestKey> manifest_keys() { return kKeys; }

bool schema_covers(std::string_view table, const KernelRelease& release) {
  if (release.era == Era::Component) return true;
  // The Extism era's reference describes only these tables.
  return table == "capabilities" || table == "component" || table == "component.capabilities";
}

namespace {
// A component's capabilities table has [capabilities]'s keys.
std::string_view schema_table(std::string_view table) {
  return table == "component.capabilities" ? std::string_view("capabilities") : table;
}
}  // namespace

const ManifestKey* find_manifest_key(std::string_view table, std::string_view key) {
  table = schema_table(table);
  for (const ManifestKey& k : kKeys)
    if (k.table == table && k.key == key) return &k;
  return nullptr;
}

bool reads(const ManifestKey& key, const KernelRelease& release) {
  // The --wit release comes after main and reads what main reads.
  if (release.index < index_of(key.since)) return false;
  return key.until.empty() || release.index < index_of(key.until);
}

std::vector<std::string_view> manifest_key_names(std::string_view table) {
  table = schema_table(table);
  std::vector<std::string_view> names;
  for (const ManifestKey& k : kKeys)
    if (k.table == table) names.push_back(k.key);
  return names;
}

std::optional<std::string_view> meant_manifest_key(std::string_view table, std::string_view key) {
  auto near = closest_name(key, manifest_key_names(table));
  if (near && edit_distance(key, *near) * 3 > key.size()) near.reset();
  return near;
}

std::string_view value_table(std::string_view table, std::string_view key) {
  if (table.empty()) {
    if (key == "publish") return "publish";
    if (key == "subscribe") return "subscribe";
    if (key == "env") return "env";
    if (const ManifestKey* k = find_manifest_key(table, key); k && !k->open) return k->key;
    return "";
  }
  if (table == "publish") return "publish.*";
  if (table == "subscribe") return "subscribe.*";
  if (table == "env") return "env.*";
  if (table == "env.*" && (key == "options_from" || key == "options-from")) return "env.*.options_from";
  if (table == "component" && key == "capabilities") return "component.capabilities";
  return "";
}

}  // namespace astrid

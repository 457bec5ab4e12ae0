#include "capsule/component_manifest.h"

#include <fmt/format.h>

#include "abi/manifest_schema.h"
#include "capsule/toml_read.h"

namespace astrid {
namespace {

// [[tool]] and its kind: an array of tables (a lone table is read as one).
template <typename Each>
void for_each_entry(const toml::node& node, std::string_view key, Each each) {
  if (node.is_table()) return each(*node.as_table(), size_t{0});
  if (!node.is_array_of_tables())
    fail(node, fmt::format("'{}' must be an array of tables ([[{}]]), not {}", key, key, toml_type_name(node)));
  size_t i = 0;
  for (const toml::node& item : *node.as_array()) each(*item.as_table(), i++);
}

std::optional<std::string> optional_string(const toml::table& t, std::string_view key) {
  if (const toml::node* n = t.get(key)) return toml_string(*n, key);
  return std::nullopt;
}

std::string required_string(const toml::table& t, std::string_view key, std::string_view where) {
  const toml::node* n = t.get(key);
  if (!n) fail(t, fmt::format("{} has no '{}', which the kernel requires", where, key));
  return toml_string(*n, key);
}

// The [capabilities] keys and their types; unknown keys may hold anything.
enum class Shape { List, Flag, Integer };
std::optional<Shape> shape_of(std::string_view key) {
  if (key == "uplink" || key == "allow_persistent" || key == "allow_prompt_injection") return Shape::Flag;
  if (key == "bind_workers") return Shape::Integer;
  if (find_manifest_key("capabilities", key)) return Shape::List;
  return std::nullopt;
}

CapabilityTable read_capabilities(const toml::table& table) {
  CapabilityTable out;
  out.position = position_of(table.source());
  for (auto&& [key, node] : table) {
    const std::string_view name = key.str();
    const auto shape = shape_of(name);
    if (!shape) continue;  // ignored by the kernel: the key check reports it
    CapabilityEntry e;
    e.key = std::string(name);
    e.position = position_of(key.source());
    switch (*shape) {
      case Shape::Flag:
        e.is_flag = true;
        // caps --emit-manifest writes a flag that widens authority as a
        // placeholder: held as a value, it grants nothing.
        if (const auto* s = node.as_string(); s && is_placeholder(s->get())) {
          e.values.push_back(s->get());
          e.value_positions.push_back(position_of(node.source()));
          break;
        }
        if (!node.is_boolean()) fail(node, fmt::format("'{}' must be a boolean, not {}", name, toml_type_name(node)));
        e.flag = node.as_boolean()->get();
        break;
      case Shape::Integer:
        if (!node.is_integer() || node.as_integer()->get() < 0)
          fail(node, fmt::format("'{}' must be an integer of at least 0", name));
        continue;  // grants nothing
      case Shape::List:
        if (!node.is_array()) fail(node, fmt::format("'{}' must be an array of strings, not {}", name, toml_type_name(node)));
        for (const toml::node& item : *node.as_array()) {
          e.values.push_back(toml_string(item, std::string(name) + "[]"));
          e.value_positions.push_back(position_of(item.source()));
        }
        if (name == "identity")
          for (size_t i = 0; i < e.values.size(); ++i)
            if (!is_placeholder(e.values[i]) && !parse_identity_level(e.values[i]))
              fail(*node.as_array()->get(i), fmt::format("identity level '{}' is not resolve, link or admin", e.values[i]));
        break;
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

// [publish] / [subscribe]: topic pattern = "wit ref" | { wit = ..., ... }.
std::vector<TopicAcl> read_acl(const toml::table& table, std::string_view which) {
  std::vector<TopicAcl> out;
  for (auto&& [key, node] : table) {
    TopicAcl acl{std::string(key.str()), std::nullopt, position_of(key.source())};
    if (node.is_table()) {
      const toml::table& t = *node.as_table();
      required_string(t, "wit", fmt::format("[{}] \"{}\"", which, key.str()));
      int refs = 0;
      for (std::string_view r : {"version", "tag", "rev", "branch", "path"})
        if (const toml::node* n = t.get(r)) toml_string(*n, r), ++refs;
      if (refs > 1) fail(node, fmt::format("[{}] \"{}\" names more than one of version, tag, rev, branch and path", which, key.str()));
      if (which == "subscribe") acl.handler = optional_string(t, "handler");
    } else if (!node.is_string()) {
      fail(node, fmt::format("[{}] \"{}\" must be a string or a table, not {}", which, key.str(), toml_type_name(node)));
    }
    out.push_back(std::move(acl));
  }
  return out;
}

// [imports] / [exports]: nested [imports.<ns>] <iface> = …, or flat "<ns>:<iface>" = ….
std::vector<ContractName> read_contracts(const toml::table& table) {
  std::vector<ContractName> out;
  for (auto&& [key, node] : table) {
    const std::string_view name = key.str();
    if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
      out.push_back({std::string(name.substr(0, colon)), std::string(name.substr(colon + 1)), position_of(key.source())});
      continue;
    }
    if (!node.is_table()) fail(node, fmt::format("'{}' must be a table of interfaces, or named \"<namespace>:<interface>\"", name));
    for (auto&& [iface, value] : *node.as_table())
      out.push_back({std::string(name), std::string(iface.str()), position_of(iface.source())});
  }
  return out;
}

// Tables whose keys are the author's (topic patterns, variable names).
bool free_keys(std::string_view table) { return table == "publish" || table == "subscribe" || table == "env"; }

void walk(const toml::table& t, std::string_view table, size_t entry, std::vector<ManifestKeyUse>& out) {
  for (auto&& [key, node] : t) {
    if (!free_keys(table)) {
      if (out.size() == kMaxManifestKeys) fail(node, fmt::format("more than {} keys", kMaxManifestKeys));
      out.push_back({std::string(table), std::string(key.str()), entry, position_of(key.source())});
    }
    const std::string_view inner = value_table(table, key.str());
    if (inner.empty()) continue;
    if (node.is_table()) {
      walk(*node.as_table(), inner, entry, out);
    } else if (node.is_array_of_tables()) {
      size_t i = 0;
      for (const toml::node& item : *node.as_array()) walk(*item.as_table(), inner, table.empty() ? i++ : entry, out);
    }
  }
}

ComponentManifest read(const toml::table& root) {
  ComponentManifest m;
  if (const toml::node* package = root.get("package")) {
    const toml::table& t = expect_table(*package, "package");
    m.has_package = true;
    if (auto name = optional_string(t, "name")) m.name = *name;
    if (const toml::node* v = t.get("version")) {
      m.version = toml_string(*v, "version");
      m.version_position = position_of(v->source());
    }
    if (const toml::node* v = t.get("astrid-version")) {
      m.astrid_version = toml_string(*v, "astrid-version");
      m.astrid_version_position = position_of(v->source());
    }
  }
  if (const toml::node* caps = root.get("capabilities")) m.capabilities = read_capabilities(expect_table(*caps, "capabilities"));
  if (const toml::node* components = root.get("component")) {
    for_each_entry(*components, "component", [&](const toml::table& t, size_t) {
      if (m.components.size() == kMaxComponents) fail(t, fmt::format("more than {} [[component]] entries", kMaxComponents));
      ComponentEntry c;
      c.position = position_of(t.source());
      c.id = optional_string(t, "id").value_or("");
      c.file = optional_string(t, "file").value_or(optional_string(t, "entrypoint").value_or(""));
      if (const toml::node* caps = t.get("capabilities")) c.capabilities = read_capabilities(expect_table(*caps, "capabilities"));
      m.components.push_back(std::move(c));
    });
  }
  for (std::string_view which : {"publish", "subscribe"}) {
    const toml::node* node = root.get(which);
    if (!node) continue;
    const toml::table& t = expect_table(*node, which);
    (which == "publish" ? m.has_publish : m.has_subscribe) = true;
    (which == "publish" ? m.publish_position : m.subscribe_position) = position_of(t.source());
    (which == "publish" ? m.publish : m.subscribe) = read_acl(t, which);
  }
  if (const toml::node* n = root.get("imports")) m.imports = read_contracts(expect_table(*n, "imports"));
  if (const toml::node* n = root.get("exports")) m.exports = read_contracts(expect_table(*n, "exports"));
  if (const toml::node* n = root.get("tool"))
    for_each_entry(*n, "tool", [&](const toml::table& t, size_t) {
      m.tools.push_back({required_string(t, "name", "[[tool]]"), "", t.get("description_for_llm") != nullptr,
                         position_of(t.source())});
      if (const toml::node* d = t.get("description_for_llm")) toml_string(*d, "description_for_llm");
    });
  if (const toml::node* n = root.get("command"))
    for_each_entry(*n, "command", [&](const toml::table& t, size_t) {
      m.commands.push_back({required_string(t, "name", "[[command]]"), optional_string(t, "kind").value_or("slash"),
                            false, position_of(t.source())});
    });
  if (const toml::node* n = root.get("interceptor"))
    for_each_entry(*n, "interceptor", [&](const toml::table& t, size_t) {
      m.interceptors.push_back({optional_string(t, "event").value_or(""), optional_string(t, "action").value_or(""),
                                false, position_of(t.source())});
    });
  if (const toml::node* n = root.get("topic"))
    for_each_entry(*n, "topic", [&](const toml::table& t, size_t) {
      m.topics.push_back({optional_string(t, "name").value_or(""), optional_string(t, "direction").value_or(""), false,
                          position_of(t.source())});
    });
  walk(root, "", 0, m.keys);
  return m;
}

}  // namespace

const CapabilityEntry* CapabilityTable::find(std::string_view key) const {
  for (const CapabilityEntry& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

Expected<ComponentManifest> parse_component_manifest(std::string_view text) {
  if (text.size() > kMaxManifestBytes)
    return InputError{std::nullopt, fmt::format("{} bytes, more than the {} KiB a manifest may take", text.size(),
                                                kMaxManifestBytes >> 10)};
  return read_toml(text, [](const toml::table& root) { return read(root); });
}

}  // namespace astrid

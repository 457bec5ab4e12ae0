#include "support/expected.h"
#include "capsule/manifest.h"

#include <fmt/format.h>

#include <filesystem>

#include "capsule/toml_read.h"

namespace astrid {
namespace {

std::string normal_file(std::string_view file) {
  return std::filesystem::path(file).lexically_normal().string();
}

std::vector<std::string> expect_strings(const toml::node& node, std::string_view key) {
  if (!node.is_array()) fail(node, fmt::format("'{}' must be an array of strings, not {}", key, toml_type_name(node)));
  std::vector<std::string> out;
  for (const toml::node& item : *node.as_array()) out.push_back(toml_string(item, std::string(key) + "[]"));
  return out;
}

// [[tool]] and its kind: an array of tables, or a lone table.
template <typename Each>
void for_each_entry(const toml::node& node, std::string_view key, Each each) {
  if (node.is_table()) return each(*node.as_table());
  if (!node.is_array_of_tables())
    fail(node, fmt::format("'{}' must be an array of tables ([[{}]]), not {}", key, key, toml_type_name(node)));
  for (const toml::node& item : *node.as_array()) each(*item.as_table());
}

std::vector<Grant> read_capabilities(const toml::table& table) {
  std::vector<Grant> grants;
  for (auto&& [key, node] : table) {
    const std::string_view name = key.str();
    if (name == "uplink" || name == "allow_prompt_injection") {
      const bool placeholder = node.is_string() && is_placeholder(node.as_string()->get());  // caps writes uplink so
      if (!node.is_boolean() && !placeholder)
        fail(node, fmt::format("'{}' must be a boolean, not {}", name, toml_type_name(node)));
      continue;
    }
    if (name == "kv") {
      expect_strings(node, name);  // declared, not enforced
      continue;
    }
    for (Capability cap : list_capabilities()) {
      if (manifest_key(cap) != name) continue;
      Grant grant{cap, expect_strings(node, name), IdentityLevel::None, position_of(key.source())};
      if (cap == Capability::Identity) {
        const toml::array& items = *node.as_array();
        for (size_t i = 0; i < items.size(); ++i) {
          if (is_placeholder(grant.values[i])) continue;
          const auto level = parse_identity_level(grant.values[i]);
          if (!level) fail(*items.get(i), fmt::format("identity level '{}' is not resolve, link or admin", grant.values[i]));
          grant.identity = std::max(grant.identity, *level);
        }
      }
      if (!grant.values.empty()) grants.push_back(std::move(grant));
    }
  }
  return grants;
}

Manifest read(const toml::table& root) {
  Manifest m;
  if (const toml::node* package = root.get("package")) {
    const toml::table& t = expect_table(*package, "package");
    if (const toml::node* name = t.get("name")) m.package = toml_string(*name, "name");
  }
  if (const toml::node* caps = root.get("capabilities")) m.grants = read_capabilities(expect_table(*caps, "capabilities"));
  if (const toml::node* components = root.get("component")) {
    for_each_entry(*components, "component", [&](const toml::table& t) {
      if (m.components.size() == kMaxComponents)
        fail(t, fmt::format("more than {} [[component]] entries", kMaxComponents));
      ManifestComponent c;
      c.position = position_of(t.source());
      if (const toml::node* id = t.get("id")) c.id = toml_string(*id, "id");
      // `entrypoint` is another name for `file` in every release's manifest.
      const toml::node* file = t.get("file");
      const toml::node* entrypoint = t.get("entrypoint");
      if (file && entrypoint) fail(*entrypoint, "[[component]] has both 'file' and 'entrypoint', which are one key");
      if (!file && !entrypoint) fail(t, "[[component]] has no 'file' (or 'entrypoint')");
      c.file = file ? toml_string(*file, "file") : toml_string(*entrypoint, "entrypoint");
      if (const toml::node* type = t.get("type")) toml_string(*type, "type");
      if (const toml::node* caps = t.get("capabilities"))
        c.grants = read_capabilities(expect_table(*caps, "capabilities"));
      m.component_index.emplace(normal_file(c.file), m.components.size());  // the first of a file wins
      m.components.push_back(std::move(c));
    });
  }
  for (const ManifestEntryKind& kind : manifest_entry_kinds()) {
    const toml::node* node = root.get(kind.table);
    if (!node) continue;
    for_each_entry(*node, kind.table, [&](const toml::table& t) {
      std::string what = fmt::format("[[{}]]", kind.table);
      if (const toml::node* name = t.get("name")) {
        what += ' ';
        what += toml_string(*name, "name");
      }
      m.entry_needs.push_back({std::move(what), kind.entry_point, position_of(t.source())});
    });
  }
  if (const toml::node* uplinks = root.get("uplink")) {
    Grant grant{Capability::Uplink, {}, IdentityLevel::None, position_of(uplinks->source())};
    for_each_entry(*uplinks, "uplink", [&](const toml::table& t) {
      const toml::node* name = t.get("name");
      grant.values.push_back(name ? toml_string(*name, "name") : "[[uplink]]");
      if (grant.values.size() == 1) grant.position = position_of(t.source());
    });
    if (!grant.values.empty()) m.grants.push_back(std::move(grant));
  }
  // [env.*] needs no entry point: the kernel's onboarding asks the user
  // at install, not the capsule (reference section 7, corrected).
  if (const toml::node* env = root.get("env")) expect_table(*env, "env");
  return m;
}

}  // namespace

const Grant* find_grant(const std::vector<Grant>& grants, Capability capability) {
  for (const Grant& g : grants)
    if (g.capability == capability) return &g;
  return nullptr;
}

const Grant* Manifest::grant(Capability capability) const { return find_grant(grants, capability); }

const ManifestComponent* Manifest::component_for(std::string_view file) const {
  auto it = component_index.find(normal_file(file));
  return it == component_index.end() ? nullptr : &components[it->second];
}

Expected<Manifest> parse_manifest(std::string_view text) {
  if (text.size() > kMaxManifestBytes)
    return InputError{std::nullopt, fmt::format("{} bytes, more than the {} KiB a manifest may take", text.size(),
                                                kMaxManifestBytes >> 10)};
  auto manifest = read_toml(text, [](const toml::table& root) { return read(root); });
  if (manifest) manifest->text = std::string(text);
  return manifest;
}

bool is_placeholder(std::string_view value) { return value.size() >= 2 && value.front() == '<' && value.back() == '>'; }

}  // namespace astrid

// Compares the ABI data with the reference document it was transcribed
// from: the v0.2.0 table row by row, the later releases' changes, the
// extism:host/env, WASI and shim functions with their types, the entry
// points and the memory limit. Exit 77 (skipped) when the document is not
// beside the checkout.
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "abi/extism_abi.h"
#include "report/table_format.h"

using namespace astrid;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (ok) return;
  ++failures;
  fmt::print(stderr, "MISMATCH: {}\n", what);
}

// The text between a heading that starts with `from` and the next heading
// of the same or a higher level.
std::string section(const std::string& doc, const std::string& from) {
  const size_t begin = doc.find(from);
  if (begin == std::string::npos) return {};
  const size_t level = from.find_first_not_of('#');
  size_t end = begin + from.size();
  for (;;) {
    end = doc.find("\n#", end);
    if (end == std::string::npos) return doc.substr(begin);
    if (doc.find_first_not_of('#', end + 1) - (end + 1) <= level) return doc.substr(begin, end - begin);
    ++end;
  }
}

std::string normalize_types(std::string text) {
  text = std::regex_replace(text, std::regex("\\s+"), "");
  return text;
}

// `name (i64, i32)->i64` entries of a host module's section. WASI entries
// omit the result, which is i32 for all but proc_exit.
std::map<std::string, std::string> host_functions(const std::string& text, bool wasi) {
  std::map<std::string, std::string> out;
  const std::regex entry("`(\\w+) \\(([^)]*)\\)\\s*(->\\s*([^`]*))?`");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), entry); it != std::sregex_iterator(); ++it) {
    std::string result = (*it)[4].matched ? normalize_types((*it)[4]) : (wasi ? "i32" : "?");
    if (result == "()") result = "";
    out[(*it)[1]] = "(" + normalize_types((*it)[2]) + ")->" + result;
  }
  return out;
}

std::string compact(const FuncSig& sig) {
  std::string params, results;
  for (ValType t : sig.params) params += (params.empty() ? "" : ",") + std::string(to_string(t));
  for (ValType t : sig.results) results += (results.empty() ? "" : ",") + std::string(to_string(t));
  return "(" + params + ")->" + results;
}

void compare_host_module(const std::string& doc, std::string_view module, const std::string& heading, bool wasi,
                         size_t expected_count) {
  const auto documented = host_functions(section(doc, heading), wasi);
  const auto data = host_module_functions(module);
  expect(documented.size() == expected_count,
         fmt::format("{}: the reference lists {} functions, expected {}", module, documented.size(), expected_count));
  expect(data.size() == documented.size(),
         fmt::format("{}: data has {} functions, reference {}", module, data.size(), documented.size()));
  for (const HostFunction& fn : data) {
    auto it = documented.find(std::string(fn.name));
    expect(it != documented.end(), fmt::format("{}.{} is not in the reference", module, fn.name));
    if (it != documented.end())
      expect(it->second == compact(fn.signature),
             fmt::format("{}.{}: reference {}, data {}", module, fn.name, it->second, compact(fn.signature)));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::ifstream in(argv[1]);
  if (!in) {
    fmt::print("skipped: no reference document at {}\n", argv[1]);
    return 77;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string doc = buffer.str();

  // Section 2: the v0.2.0 table, row for row as the markdown format writes it.
  const std::regex row("^\\| \\d+ \\|.*$", std::regex::multiline);
  std::string documented_rows, data_rows;
  const std::string table2 = section(doc, "## 2.");
  for (auto it = std::sregex_iterator(table2.begin(), table2.end(), row); it != std::sregex_iterator(); ++it)
    documented_rows += it->str() + "\n";
  const std::string markdown = format_table(*find_release("v0.2.0"), TableFormat::Markdown);
  for (auto it = std::sregex_iterator(markdown.begin(), markdown.end(), row); it != std::sregex_iterator(); ++it)
    data_rows += it->str() + "\n";
  expect(!documented_rows.empty() && documented_rows == data_rows, "the v0.2.0 table differs:\n--- reference\n" +
                                                                       documented_rows + "--- data\n" + data_rows);
  expect(find_release("v0.3.0")->syscalls.size() == find_release("v0.2.0")->syscalls.size(), "v0.3.0 = v0.2.0");

  // Section 3: release sizes, and the v0.4.0 additions with their numbers.
  const std::string releases3 = section(doc, "## 3.");
  const std::regex size_row("^\\| ([v0-9., ]+) \\| (\\d+) \\|", std::regex::multiline);
  int sized = 0;
  for (auto it = std::sregex_iterator(releases3.begin(), releases3.end(), size_row); it != std::sregex_iterator();
       ++it) {
    const std::regex name("v\\d+\\.\\d+\\.\\d+");
    const std::string names = (*it)[1];
    for (auto n = std::sregex_iterator(names.begin(), names.end(), name); n != std::sregex_iterator(); ++n) {
      const Release* r = find_release(n->str());
      expect(r != nullptr, "release " + n->str() + " is missing");
      if (r) expect(r->syscalls.size() == std::stoul((*it)[2]), "size of " + n->str());
      ++sized;
    }
  }
  expect(sized == static_cast<int>(releases().size()), fmt::format("{} releases documented", sized));
  const std::regex added("#(\\d+) `(\\w+)\\((\\w*)\\)( -> bytes)?`");
  int additions = 0;
  for (auto it = std::sregex_iterator(releases3.begin(), releases3.end(), added); it != std::sregex_iterator(); ++it) {
    const Release& v040 = *find_release("v0.4.0");
    const Syscall* s = v040.find((*it)[2].str());
    expect(s != nullptr, (*it)[2].str() + " is not in v0.4.0");
    if (!s) continue;
    ++additions;
    expect(v040.number_of(s->name) == std::stoul((*it)[1]), "number of " + std::string(s->name));
    expect(s->args.size() == 1 && s->args[0] == (*it)[3].str(), "argument of " + std::string(s->name));
    expect(s->returns_bytes == (*it)[4].matched, "result of " + std::string(s->name));
    expect(!find_release("v0.2.0")->find(s->name), std::string(s->name) + " must not be in v0.2.0");
  }
  expect(additions == 3, "three v0.4.0 additions");
  for (const char* removed : {"astrid_cron_schedule", "astrid_cron_cancel"}) {
    expect(releases3.find(std::string("removes `") + removed) != std::string::npos ||
               releases3.find(std::string("`") + removed + "`") != std::string::npos,
           std::string("the reference names ") + removed);
    expect(!find_release("v0.5.0")->find(removed) && !find_release("v0.5.1")->find(removed),
           std::string(removed) + " is gone in v0.5");
  }

  // Section 4: the other modules, function by function.
  compare_host_module(doc, kExtismEnvModule, "### `extism:host/env`", false, 32);
  compare_host_module(doc, kWasiModule, "### `wasi_snapshot_preview1`", true, 45);
  compare_host_module(doc, kShimModule, "### `shim`", false, 3);

  // Section 5: the entry points.
  std::set<std::string> documented_exports, data_exports;
  const std::string exports5 = section(doc, "## 5.");
  const std::regex export_name("`(\\w+)`");
  const std::regex export_row("^\\| (`[^|]*) \\|", std::regex::multiline);
  for (auto it = std::sregex_iterator(exports5.begin(), exports5.end(), export_row); it != std::sregex_iterator();
       ++it) {
    const std::string cell = (*it)[1];
    for (auto n = std::sregex_iterator(cell.begin(), cell.end(), export_name); n != std::sregex_iterator(); ++n)
      documented_exports.insert((*n)[1]);
  }
  for (const EntryPoint& e : entry_points()) data_exports.insert(std::string(e.name));
  expect(!documented_exports.empty() && documented_exports == data_exports, "entry points differ");
  expect(section(doc, "## 5.").find("`() -> i32`") != std::string::npos, "entry points are () -> i32");

  // Section 6: the memory cap.
  expect(section(doc, "## 6.").find(fmt::format("at most {} pages", kMaxMemoryPages)) != std::string::npos,
         "memory cap");

  if (failures) {
    fmt::print(stderr, "{} mismatches with {}\n", failures, argv[1]);
    return 1;
  }
  fmt::print("the ABI data matches {}\n", argv[1]);
  return 0;
}

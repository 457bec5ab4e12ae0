// libFuzzer target: any bytes as a WIT file. Errors must be reported, not
// thrown past the reader; no input may crash or exhaust the stack; and
// what reads must print as WIT that reads again (unless the printer had
// to cut it short), to the same listing. Half the inputs are also read as
// the files of one package, held to a total.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "abi/wit_format.h"
#include "abi/wit_reader.h"

using namespace astrid;

namespace {

// Half the inputs are also read as the files of one package, split at form
// feeds, against a total they reach when they hold few form feeds: what a
// directory read is held to, and more files than one read may have.
void read_as_files(std::string_view text) {
  if (text.size() % 2 == 0 || text.empty()) return;
  WitPackageFiles package;
  for (size_t start = 0, n = 0;; ++n) {
    const size_t end = text.find('\f', start);
    package.files.push_back({"fuzz" + std::to_string(n) + ".wit", std::string(text.substr(start, end - start))});
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  WitReadOptions options;
  options.max_bytes = text.size() - static_cast<uint8_t>(text[0]) % 8;
  WitModel model;
  (void)read_wit(model, std::span(&package, 1), options);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  read_as_files(text);
  auto first = read_wit_string(text, "fuzz.wit");
  auto* model = std::get_if<WitModel>(&first);
  if (!model) return 0;
  const std::string printed = format_model(*model);
  if (printed.ends_with("…")) return 0;
  auto second = read_wit_string(printed, "printed.wit");
  auto* again = std::get_if<WitModel>(&second);
  if (!again || again->packages.size() != model->packages.size()) std::abort();
  for (size_t p = 0; p < model->packages.size(); ++p) {
    const auto& a = model->packages[p]->interfaces;
    const auto& b = again->packages[p]->interfaces;
    if (a.size() != b.size()) std::abort();
    for (size_t i = 0; i < a.size(); ++i)
      if (interface_listing(model->types, *a[i]) != interface_listing(again->types, *b[i])) std::abort();
  }
  return 0;
}

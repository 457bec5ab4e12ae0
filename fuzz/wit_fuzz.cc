// libFuzzer target: any bytes as a WIT file. Errors must be reported, not
// thrown past the reader; no input may crash or exhaust the stack; and
// what reads must print as WIT that reads again (unless the printer had
// to cut it short), to the same listing.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "abi/wit_format.h"
#include "abi/wit_reader.h"

using namespace astrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
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

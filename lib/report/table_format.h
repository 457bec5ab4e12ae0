// `astrid-abi table`: a release's syscall table in the formats its readers
// use: people (text, markdown), programs (json), capsule authors (wat, c).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "abi/extism_abi.h"

namespace astrid {

enum class TableFormat { Text, Json, Markdown, Wat, C };
std::optional<TableFormat> parse_table_format(std::string_view name);

std::string format_table(const Release& release, TableFormat format);

}  // namespace astrid

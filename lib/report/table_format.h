// `astrid-abi table`: a release's syscall table (Extism era) or its
// interfaces (component era) in the formats their readers use: people
// (text, markdown), programs (json), capsule authors (wat and c for
// syscalls, wit for interfaces).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "abi/component_abi.h"
#include "abi/extism_abi.h"

namespace astrid {

enum class TableFormat { Text, Json, Markdown, Wat, C, Wit };
std::optional<TableFormat> parse_table_format(std::string_view name);

// Wat, C: Extism releases only; Wit: component releases only (the caller
// refuses the others).
std::string format_table(const Release& release, TableFormat format);
std::string format_table(const ComponentRelease& release, TableFormat format);

// Every kernel release, one a line: its name, era, and what it serves.
std::string format_release_list(TableFormat format);

}  // namespace astrid

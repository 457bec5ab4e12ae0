// The `producers` custom section (tool-conventions' ProducersSection.md):
// which languages, tools and SDKs made a binary. astrid-abi reads it to
// recognise JavaScript capsules (ComponentizeJS, StarlingMonkey), whose
// imports mean something different (reference, Addendum 1).
//
// It is information only: a malformed producers section is ignored, never
// an error, as engines ignore it.
#pragma once

#include <cstdint>
#include <vector>

#include "wasm/byte_source.h"
#include "wasm/component.h"

namespace astrid {

// More entries than any real binary has; the rest are dropped, so that a
// section of millions of empty entries costs no memory.
inline constexpr size_t kMaxProducers = 1000;
// A larger producers section is not read at all.
inline constexpr uint64_t kMaxProducersSectionBytes = 1 << 20;

// The contents of a producers section after its name; appends its entries
// to `out` (up to kMaxProducers in all), or nothing when malformed.
void parse_producers(const uint8_t* data, size_t size, std::vector<Producer>& out);

// The producers sections of the core module at [offset, offset + size) of
// `source`, found by walking its section headers; a module that cannot be
// walked yields nothing here (the core reader reports it).
void read_core_module_producers(ByteSource& source, uint64_t offset, uint64_t size, std::vector<Producer>& out);

}  // namespace astrid

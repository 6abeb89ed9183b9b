#pragma once
/// Chunking must not change what a decoder finds: `for_every_chunking` feeds a stream to a fresh
/// decoder split at every offset, then one byte at a time, and hands each decoder, its sink and a
/// description of the chunking to `check`.
#include <cstdint>
#include <span>
#include <string>

#include "testing/collecting_sink.h"

namespace runload::testing {

template <class Decoder, class Check>
void for_every_chunking(std::span<const std::uint8_t> stream, Check check) {
  for (std::size_t k = 0; k <= stream.size(); ++k) {
    CollectingSink sink;
    Decoder d(sink);
    d.push(stream.first(k));
    d.push(stream.subspan(k));
    check(d, sink, "split at " + std::to_string(k));
  }
  CollectingSink sink;
  Decoder d(sink);
  for (std::size_t k = 0; k < stream.size(); ++k) d.push(stream.subspan(k, 1));
  check(d, sink, "byte at a time");
}

}  // namespace runload::testing

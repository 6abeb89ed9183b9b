// libFuzzer target: the .rlrec recording reader fed arbitrary bytes (written to a file on tmpfs, since the
// reader opens a path), every record read to the end or to the reported truncated tail.
// Build and run (clang), beside decoder_fuzz:
//   cmake --build build-fuzz --target recording_fuzz
//   ./build-fuzz/recording_fuzz -max_len=8192 tests/fuzz/seeds/recording
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "runload/bridge/recording_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = std::string(::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") +
                                  "/runload-recording-fuzz-" + std::to_string(::getpid()) + ".rlrec";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto reader = runload::bridge::RecordingReader::open(path);
  if (!reader) return 0;
  runload::pb::Record record;
  std::size_t bytes = 0;
  while (reader->next(record)) bytes += record.raw_bytes().size();
  if (bytes > size) __builtin_trap();  // a record cannot hold more bytes than the file
  return 0;
}

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"runload — running-load monitor"};
  CLI11_PARSE(app, argc, argv);
  return 0;
}

// qbank: the exam setters' tool for the question bank. (Subcommands land with the store.)
#include <cstdio>

int main() {
  std::puts("qbank: under construction");
  return 0;
}

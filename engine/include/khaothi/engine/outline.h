// The outline of the skill standard (Thông tư 03/2014/TT-BTTTT): modules IU01–IU15 and, for the
// modules the centre examines, their topics as hierarchical reference codes (mã tham chiếu) such
// as IU01.1.2. Every bank item is tagged with a leaf topic so that coverage can be reported per
// module and per topic.
//
// An Outline is an immutable value; it is safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khaothi::engine {

struct Topic {
  std::string code;  // "IU01.1" (a heading) or "IU01.1.2" (a leaf)
  std::string name;  // Vietnamese name
};

struct Module {
  std::string code;  // "IU01"
  std::string name;  // "Hiểu biết về CNTT cơ bản"
  bool basic;        // IU01–IU06 are basic, IU07–IU15 advanced
};

class Outline {
 public:
  Outline(std::vector<Module> modules, std::vector<Topic> topics);

  // The default outline: all fifteen modules, and topics for the six basic ones.
  static const Outline& Default();

  const std::vector<Module>& modules() const { return modules_; }
  // All topics, headings and leaves, in outline order.
  const std::vector<Topic>& topics() const { return topics_; }

  const Module* FindModule(std::string_view code) const;
  const Topic* FindTopic(std::string_view code) const;
  // A topic is a leaf when no other topic's code starts with "<code>.".
  bool IsLeaf(std::string_view code) const;
  // The leaves under `module_code`, in outline order.
  std::vector<const Topic*> LeavesOf(std::string_view module_code) const;

 private:
  std::vector<Module> modules_;
  std::vector<Topic> topics_;
};

}  // namespace khaothi::engine

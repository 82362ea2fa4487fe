#include "build/tool_host.h"

#include "build/target.h"

namespace kbuild {

namespace {

class ProcessToolHost : public ToolHost {
 public:
  bool check_program(const std::string& program, std::string* err) override {
    return kbuild::check_program(program, err);
  }
  int start(const ProcessSpec& spec, std::string* err) override { return processes_.start(spec, err); }
  int wait_one(ProcessResult* result) override { return processes_.wait_one(result); }
  void kill_all() override { processes_.kill_all(); }

 private:
  ProcessSetHost processes_;
};

}  // namespace

std::unique_ptr<ToolHost> make_tool_host() { return std::make_unique<ProcessToolHost>(); }

}  // namespace kbuild

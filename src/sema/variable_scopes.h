// Block scoping of $variables, as the newest bpftrace has it: a variable
// belongs to the block that declares it (by `let` or by its first
// assignment) and is invisible after that block ends.
#pragma once

#include "parser/ast.h"
#include "sema/types.h"

#include <map>
#include <string>
#include <vector>

namespace bpfscope {

class VariableScopes {
public:
  struct Declaration {
    std::string name;
    Span span;
    Type type;                  // None until the first assignment fixes it
    bool declared_type = false; // `let $x: T`: the type may not widen
    bool poisoned = false;      // assigned an expression whose error was reported
    // The type the previous check of this probe ended with for this
    // declaration (None on the first): sema checks a script several times.
    Type settled;
    std::vector<ast::Variable *> uses;
    // Assigned only constants ≥ 0 so far: its signed type may count as
    // unsigned (integer_promotion.h). `settled_flexible`: so it ended the
    // previous check.
    bool sign_flexible = false;
    bool settled_flexible = false;
  };

  // Forgets everything: the body of probe number `probe` starts.
  void reset(size_t probe);
  void enter();
  void leave();

  // The slot of the declaration of `name` visible here, or -1.
  int find(const std::string &name) const;
  // Declares `name` in the innermost block and returns its slot.
  int declare(const std::string &name, Span span, const Type &type, bool declared_type);
  Declaration &at(int slot) { return declarations_[static_cast<size_t>(slot)]; }
  // The slot the next declaration gets: slots below it are declared already.
  int nextSlot() const { return static_cast<int>(declarations_.size()); }
  // Records that `var` names the declaration in `slot`.
  void use(ast::Variable &var, int slot);
  std::vector<std::string> visibleNames() const;

  // Gives every use its declaration's final type and slot (a variable that
  // was assigned strings of different lengths holds the longest).
  void resolveUses();

private:
  std::vector<Declaration> declarations_;
  std::vector<std::map<std::string, int>> blocks_;
  size_t probe_ = 0;
  // By probe: the declarations its last check ended with.
  std::map<size_t, std::vector<Declaration>> settled_;
};

} // namespace bpfscope

// Positional parameters: the script's trailing command-line arguments, read
// as $1…$N (and their count as $#).
#pragma once

#include "parser/ast.h"
#include "parser/diagnostics.h"

#include <string>
#include <vector>

namespace bpfscope {

// Replaces $1…$N and $# with literals, as bpftrace does before type checking:
// a numeric argument becomes an integer, any other a string, and inside
// str() always a string. In attach points (`interval:s:$1`) the argument text
// is substituted. An argument that was not given reads as 0 (or "" in str()),
// with a warning. Arguments spelled --name=value (or --name) are named
// parameters instead, which getopt("name"[, default]) reads.
// A named parameter given that no getopt() reads is an error, as in
// bpftrace ("unexpected program command line options"), except --help.
void substitutePositionalParams(ast::Program &program, const std::vector<std::string> &args,
                                Diagnostics &diags);

// Whether a command-line argument is a named parameter: --name or --name=value.
bool isNamedParam(const std::string &arg);

// Whether the script's arguments ask for its named parameters: `-- --help`.
bool asksForNamedParamsHelp(const std::vector<std::string> &args);

// The script's named parameters, one a line with its default and the
// description getopt()'s third argument gives, for `-- --help`.
std::string namedParamsHelp(ast::Program &program);

} // namespace bpfscope

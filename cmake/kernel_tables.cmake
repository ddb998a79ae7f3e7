# Generates, at build time, the tables syscall_name() and strerror() read,
# from the Linux UAPI headers of the build machine (linux-libc-dev):
#   syscall_names.inc   {NR, "name"},    from asm/unistd_64.h, and the x32
#                       numbers from 512 up from asm/unistd_x32.h (bpftrace's
#                       x86-64 table holds those too)
#   errno_messages.inc  {ERRNO, "text"}, the comment beside each E* macro in
#                       asm-generic/errno-base.h and errno.h; an alias's comment
#                       joins its target's in parentheses, as bpftrace writes
#                       EAGAIN's "Try again (operation would block)"
# Run as: cmake -DUNISTD_64=… -DUNISTD_X32=… -DERRNO_BASE=… -DERRNO=… -DOUT_DIR=… -P this-file

function(append_syscalls header pattern min_number out_var)
  file(STRINGS "${header}" lines REGEX "^#define __NR_")
  set(text "${${out_var}}")
  foreach(line IN LISTS lines)
    if(line MATCHES "${pattern}" AND CMAKE_MATCH_2 GREATER_EQUAL min_number)
      string(APPEND text "{${CMAKE_MATCH_2}, \"${CMAKE_MATCH_1}\"},\n")
    endif()
  endforeach()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

set(syscalls "")
append_syscalls("${UNISTD_64}" "^#define __NR_([a-z0-9_]+) ([0-9]+)$" 0 syscalls)
append_syscalls("${UNISTD_X32}"
  "^#define __NR_([a-z0-9_]+) \\(__X32_SYSCALL_BIT \\+ ([0-9]+)\\)$" 512 syscalls)
file(WRITE "${OUT_DIR}/syscall_names.inc.tmp" "${syscalls}")

set(messages "")
set(numbers "")
foreach(header IN ITEMS "${ERRNO_BASE}" "${ERRNO}")
  file(STRINGS "${header}" lines REGEX "^#define[ \t]+E[A-Z0-9]+[ \t]")
  foreach(line IN LISTS lines)
    if(line MATCHES "^#define[ \t]+(E[A-Z0-9]+)[ \t]+([0-9]+)[ \t]+/\\* (.*) \\*/")
      set(number_of_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
      set(text_of_${CMAKE_MATCH_2} "${CMAKE_MATCH_3}")
      list(APPEND numbers ${CMAKE_MATCH_2})
    elseif(line MATCHES "^#define[ \t]+E[A-Z0-9]+[ \t]+(E[A-Z0-9]+)[ \t]+/\\* (.*) \\*/")
      set(target ${number_of_${CMAKE_MATCH_1}})
      string(SUBSTRING "${CMAKE_MATCH_2}" 0 1 first)
      string(SUBSTRING "${CMAKE_MATCH_2}" 1 -1 rest)
      string(TOLOWER "${first}" first)
      if(target)
        set(text_of_${target} "${text_of_${target}} (${first}${rest})")
      endif()
    endif()
  endforeach()
endforeach()
foreach(number IN LISTS numbers)
  string(APPEND messages "{${number}, \"${text_of_${number}}\"},\n")
endforeach()
file(WRITE "${OUT_DIR}/errno_messages.inc.tmp" "${messages}")

# Rewritten only when changed, so that nothing recompiles needlessly.
foreach(name IN ITEMS syscall_names errno_messages)
  file(COPY_FILE "${OUT_DIR}/${name}.inc.tmp" "${OUT_DIR}/${name}.inc" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUT_DIR}/${name}.inc.tmp")
endforeach()

// SPDX-License-Identifier: MIT
/* gsptrace-show: `gsptrace show` as its own program, for builds and tests. */
#include "show.h"

int main(int argc, char **argv)
{
	return gsptrace_show(argc, argv);
}

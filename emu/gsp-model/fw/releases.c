/* SPDX-License-Identifier: MIT */
/*
 * The per-release table, newest first.  The build generates
 * gspm_fw_releases.h from fw_releases in the top-level meson.build: one
 * GSPM_FW_RELEASE(<release with '.' as '_'>) per release, which names the
 * struct gspm_release gspm_release_r<...> that fw/<release>/release.c defines.
 */
#include <string.h>

#include "gspm_fw_releases.h"
#include "gspm_release.h"

#define GSPM_FW_RELEASE(sym)	extern const struct gspm_release gspm_release_r##sym;
GSPM_FW_RELEASES
#undef GSPM_FW_RELEASE

const struct gspm_release *const gspm_releases[] = {
#define GSPM_FW_RELEASE(sym)	&gspm_release_r##sym,
	GSPM_FW_RELEASES
#undef GSPM_FW_RELEASE
	NULL,
};

const struct gspm_release *gspm_release_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; gspm_releases[i]; i++)
		if (!strcmp(gspm_releases[i]->name, name))
			return gspm_releases[i];
	return NULL;
}

/* SPDX-License-Identifier: MIT */
/* The per-release table: one entry per fw/<release>/ folder. */
#include <string.h>

#include "gspm_release.h"

extern const struct gspm_release gspm_release_r570_144;
extern const struct gspm_release gspm_release_r535_113_01;
extern const struct gspm_release gspm_release_r535_261_03;

const struct gspm_release *const gspm_releases[] = {
	&gspm_release_r570_144,
	&gspm_release_r535_261_03,
	&gspm_release_r535_113_01,
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * st_tshark.h - run tshark on a capture and read the fields it prints, for
 * the tests of libnvmet's captures. Every function returns 0 or a
 * negative errno unless it says otherwise.
 */
#ifndef ST_TSHARK_H
#define ST_TSHARK_H

/**
 * struct st_rows - what tshark -T fields printed: one row per frame, one
 * string per field ("" when the frame has none)
 * @n: rows
 * @nf: fields per row
 * @cell: @n * @nf strings, row after row
 */
struct st_rows {
	unsigned int n;
	unsigned int nf;
	char **cell;
};

/* Whether tshark is on $PATH (1) or not (0). */
int st_tshark_have(void);

/*
 * tshark -2 -r @file -Y @filter -T fields -e @fields[0] -e ... (first
 * occurrence of each field); @fields ends with NULL.
 */
int st_tshark_fields(const char *file, const char *filter, const char *const *fields,
		     struct st_rows *out);

/* The same with tshark options @opts ("-d tcp.port==4421,nvme-tcp") before -Y. */
int st_tshark_fields_opts(const char *file, const char *opts, const char *filter,
			  const char *const *fields, struct st_rows *out);

/* Field @f of row @r. */
const char *st_cell(const struct st_rows *rows, unsigned int r, unsigned int f);

/* The first row whose field @f is @val, or -1. */
int st_find_row(const struct st_rows *rows, unsigned int f, const char *val);

void st_rows_free(struct st_rows *rows);

#endif /* ST_TSHARK_H */

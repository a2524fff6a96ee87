// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_health.c - the SMART / health state plug-ins can change from
 * any thread: critical warnings, the composite temperature against the
 * Temperature Threshold feature, the time spent over WCTEMP and CCTEMP,
 * and the SMART / health events they raise.
 */
#include <errno.h>

#include "admin.h"

/* Account the time since the last update to the warning and critical counters (lock). */
static void temp_time_update(struct emu_admin *a, uint64_t now)
{
	uint64_t dt = now - a->temp_since_ns;

	if (a->temperature >= EMU_CCTEMP)
		a->temp_crit_ns += dt;
	else if (a->temperature >= EMU_WCTEMP)
		a->temp_warn_ns += dt;
	a->temp_since_ns = now;
}

void emu_adm_health_init(struct nvmet_emu *emu)
{
	struct emu_admin *a = &emu->adm;

	a->temperature = EMU_TEMP_DEFAULT;
	a->power_on_ns = nvmet_now_ns();
	a->temp_since_ns = a->power_on_ns;
}

uint64_t emu_adm_power_on_hours(const struct nvmet_emu *emu)
{
	return (nvmet_now_ns() - emu->adm.power_on_ns) / EMU_NS_PER_HOUR;
}

void emu_adm_temp_minutes(struct nvmet_emu *emu, uint32_t *warn, uint32_t *crit)
{
	struct emu_admin *a = &emu->adm;
	uint64_t w, c;

	pthread_mutex_lock(&emu->lock);
	temp_time_update(a, nvmet_now_ns());
	w = a->temp_warn_ns / EMU_NS_PER_MIN;
	c = a->temp_crit_ns / EMU_NS_PER_MIN;
	pthread_mutex_unlock(&emu->lock);
	*warn = w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
	*crit = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
}

/* Set or clear the temperature warning; true when it was just set (lock). */
static bool temp_eval(struct emu_admin *a)
{
	uint16_t over = __atomic_load_n(&a->temp_thresh_over, __ATOMIC_RELAXED);
	uint16_t under = __atomic_load_n(&a->temp_thresh_under, __ATOMIC_RELAXED);
	bool hot = a->temperature >= over || a->temperature <= under;
	bool was = a->critical_warning & EMU_CW_TEMP;

	if (hot)
		a->critical_warning |= EMU_CW_TEMP;
	else
		a->critical_warning &= (uint8_t)~EMU_CW_TEMP;
	return hot && !was;
}

void emu_adm_temp_check(struct nvmet_emu *emu)
{
	pthread_mutex_lock(&emu->lock);
	if (temp_eval(&emu->adm))
		emu_adm_event(emu, NVMET_AER_TYPE_SMART, NVMET_AER_SMART_TEMP, NVMET_LOG_SMART, true, true);
	pthread_mutex_unlock(&emu->lock);
}

int nvmet_emu_set_temperature(struct nvmet_emu *emu, uint16_t kelvin)
{
	int ret = 0;

	if (!emu || !kelvin)
		return -EINVAL;
	pthread_mutex_lock(&emu->lock);
	temp_time_update(&emu->adm, nvmet_now_ns());
	emu->adm.temperature = kelvin;
	if (temp_eval(&emu->adm))
		ret = emu_adm_event(emu, NVMET_AER_TYPE_SMART, NVMET_AER_SMART_TEMP, NVMET_LOG_SMART, true,
				    true);
	pthread_mutex_unlock(&emu->lock);
	emu_kick(emu);
	return ret;
}

/* Critical warning bits 5:0 exist (bit 5: persistent memory region read only). */
#define CW_DEFINED	0x3fu
#define CW_RELIABILITY	0x3cu	/* degraded, read only, backup failed, PMR read only */

int nvmet_emu_smart_critical(struct nvmet_emu *emu, uint8_t bits)
{
	struct emu_admin *a;
	uint8_t fresh;
	int ret = 0;

	if (!emu || (bits & ~CW_DEFINED))
		return -EINVAL;
	a = &emu->adm;
	pthread_mutex_lock(&emu->lock);
	fresh = bits & (uint8_t)~a->critical_warning;
	a->critical_warning |= bits;
	/* Only the newly set bits the Async Event Configuration enables raise events. */
	fresh &= (uint8_t)__atomic_load_n(&a->async_cfg, __ATOMIC_RELAXED);
	if (fresh & 0x01)
		ret = emu_adm_event(emu, NVMET_AER_TYPE_SMART, NVMET_AER_SMART_SPARE, NVMET_LOG_SMART,
				    false, true);
	if (!ret && (fresh & EMU_CW_TEMP))
		ret = emu_adm_event(emu, NVMET_AER_TYPE_SMART, NVMET_AER_SMART_TEMP, NVMET_LOG_SMART,
				    false, true);
	if (!ret && (fresh & CW_RELIABILITY))
		ret = emu_adm_event(emu, NVMET_AER_TYPE_SMART, NVMET_AER_SMART_RELIABILITY,
				    NVMET_LOG_SMART, false, true);
	pthread_mutex_unlock(&emu->lock);
	emu_kick(emu);
	return ret;
}

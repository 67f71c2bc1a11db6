/**
 * The report export channels' handlers, backed by main/features/report-export. Payloads reach these already
 * parsed by the contract; the feature parses them again because it is also callable outside IPC. The call
 * context names the window that asked, to which the save dialog is modal.
 */
import type { ReportExport } from '../features/report-export/index';
import type { IpcHandlers } from './register';

/** The report channels of the contract. */
export type ReportChannel = Extract<keyof IpcHandlers, `report:${string}`>;

/** Handlers for every `report:*` channel. */
export function reportIpcHandlers(reports: ReportExport): Pick<IpcHandlers, ReportChannel> {
  return {
    'report:save': (payload, caller) => reports.save(payload, caller),
    'report:pdf': (payload, caller) => reports.pdf(payload, caller),
  };
}

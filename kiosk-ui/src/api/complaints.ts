// Typed requests for /api/complaints (首问制: whoever takes a complaint owns it until it is closed).
import type { CloseComplaintRequest, ComplaintView, OpenComplaintRequest } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { ComplaintView };

export const listComplaints = (state: 'open' | 'closed' = 'open') => request<{ complaints: ComplaintView[] }>('GET', `/api/complaints?state=${state}`, undefined, { auth: true });
export const openComplaint = (body: OpenComplaintRequest) => request<{ complaint: ComplaintView }>('POST', '/api/complaints', body, { auth: true });
export const closeComplaint = (id: string, body: CloseComplaintRequest) => request<{ complaint: ComplaintView }>('POST', `/api/complaints/${encodeURIComponent(id)}/close`, body, { auth: true });

// The origin a request came to, for links handed out when PUBLIC_URL is not set (connector QR codes, invitations):
// behind a trusted proxy its X-Forwarded-Proto and X-Forwarded-Host (express's trust proxy, http-app.ts).
import type { Request } from 'express';

export const requestOrigin = (req: Request): string => `${req.protocol}://${req.host ?? 'localhost'}`;

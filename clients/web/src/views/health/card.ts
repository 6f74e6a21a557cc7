/** The member QR code kiosks read (the member is never picked by a typed name), and its rotation. */
import "../../i18n/health";

import { api, call } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { asApiError, errorBox } from "../../ui/errors";
import { qrDataUrl } from "../../ui/qr";
import { back, loginGate } from "./common";

export function healthCardView(root: HTMLElement): () => void {
  let disposed = false;
  const title = h("h1", {}, t("health.card.title"));
  if (loginGate(root, title)) return () => undefined;
  const image = h("img", { alt: t("health.card.qrAlt"), width: 240, height: 240, "data-testid": "member-qr", class: "qr" });
  const status = h("div", { role: "status", "aria-live": "polite" });

  const show = async (token: string): Promise<void> => {
    image.src = await qrDataUrl(token, 240);
  };

  fill(
    root,
    back(),
    title,
    h("p", { class: "muted" }, t("health.card.intro")),
    h("div", { class: "card qr-card" }, image),
    h(
      "button",
      {
        type: "button",
        class: "button secondary",
        "data-testid": "member-rotate",
        onclick: async () => {
          fill(status);
          try {
            const body = await call(api.POST("/api/v1/health/member-token/rotate/"));
            await show(body.token);
            fill(status, h("p", { class: "notice" }, t("health.card.rotated")));
          } catch (e) {
            fill(status, errorBox(asApiError(e)));
          }
        },
      },
      t("health.card.rotate"),
    ),
    status,
  );
  call(api.GET("/api/v1/health/member-token/")).then(
    (body) => {
      if (!disposed) show(body.token).catch((e: unknown) => !disposed && fill(status, errorBox(asApiError(e))));
    },
    (e) => !disposed && fill(status, errorBox(asApiError(e))),
  );
  return () => {
    disposed = true;
  };
}

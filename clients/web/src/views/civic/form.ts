/**
 * File a civil request: the kind (with its own questions), the place — a tap on the map, "use my
 * location", or an address when the map or the location is not available — what is wrong, and a
 * photo. `?category=&text=` fill the form in (the chat links here after the person confirms).
 * One Idempotency-Key per filled-in form: a retry after a lost answer files it once.
 */
import "../../i18n/civic";
import { api, type ApiError, call, type Schemas } from "../../api/client";
import { fill, h } from "../../dom";
import { t } from "../../i18n";
import { navigate } from "../../router";
import { session } from "../../session";
import { backLink } from "../../ui/backLink";
import { asApiError, errorBox } from "../../ui/errors";
import { mapBox, pointPicker, type Point } from "../../ui/map";
import { newIdempotencyKey } from "../transit/tickets";
import { type Category, civicLoginCard, REQUESTS, requestPath } from "./common";

type CreateBody = Schemas["CivilRequestCreateInputRequest"];
type Attribute = Category["attributes"][number];

function currentPosition(): Promise<{ lat: number; lon: number } | null> {
  if (!("geolocation" in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

export function civicNewView(root: HTMLElement): () => void {
  let disposed = false;
  const query = new URLSearchParams(location.search);
  let categories: Category[] | null = null;
  let loadError: ApiError | null = null;
  let error: ApiError | null = null;
  let busy = false;
  let code = query.get("category") ?? "";
  let point: Point | null = null;
  let locating: "" | "busy" | "failed" = "";
  let photo: File | null = null;
  let photoUrl = "";
  let key = newIdempotencyKey();
  // the form's fields live in the DOM between renders (a re-render keeps what was typed)
  const description = h("textarea", { id: "civic-description", name: "description", "data-testid": "request-text", placeholder: t("civic.descriptionHint") });
  description.value = query.get("text") ?? "";
  const address = h("input", { id: "civic-address", name: "address", type: "text", autocomplete: "street-address", "data-testid": "request-address", placeholder: t("civic.addressHint") });
  const answers = h("div", { class: "civic-questions", "data-testid": "questions" });
  const pointText = h("p", { class: "muted small", "aria-live": "polite", "data-testid": "point" });
  const box = mapBox({ class: "civic-map", testid: "request-map" });
  box.setAttribute("aria-label", t("civic.mapLabel"));
  const photoBox = h("div", { "data-testid": "photo-box" });
  const errorSlot = h("div", {});
  const submit = h("button", { type: "submit", class: "button", "data-testid": "submit-request" }, t("civic.submit"));

  const category = (): Category | undefined => categories?.find((c) => c.code === code);

  const showPoint = (): void => {
    fill(
      pointText,
      locating === "busy"
        ? t("civic.locating")
        : locating === "failed"
          ? t("civic.locationFailed")
          : point
            ? t("civic.pointChosen", { lat: point.lat.toFixed(5), lon: point.lon.toFixed(5) })
            : t("civic.noPoint"),
    );
    picker.show(point);
  };
  const picker = pointPicker(box, {
    onPick: (picked) => {
      point = picked;
      locating = "";
      showPoint();
    },
    isDisposed: () => disposed,
  });

  const question = (a: Attribute): HTMLElement => {
    const id = `civic-q-${a.code}`;
    const label = `${a.description}${a.required ? "" : ` ${t("civic.optional")}`}`;
    if (a.datatype === "multivaluelist") {
      return h(
        "fieldset",
        { class: "field-group", "data-question": a.code },
        h("legend", { "data-server-text": "question" }, label),
        h(
          "div",
          { class: "civic-choices" },
          a.values.map((v) =>
            h("label", {}, h("input", { type: "checkbox", name: `q-${a.code}`, value: v.key }), h("span", { "data-server-text": "answer" }, v.name)),
          ),
        ),
      );
    }
    const control =
      a.datatype === "singlevaluelist"
        ? h(
            "select",
            { id, name: `q-${a.code}`, required: a.required, "data-question": a.code },
            h("option", { value: "" }, t("civic.choose")),
            a.values.map((v) => h("option", { value: v.key }, v.name)),
          )
        : a.datatype === "text"
          ? h("textarea", { id, name: `q-${a.code}`, required: a.required, "data-question": a.code })
          : h("input", {
              id,
              name: `q-${a.code}`,
              required: a.required,
              "data-question": a.code,
              type: a.datatype === "number" ? "number" : a.datatype === "datetime" ? "datetime-local" : "text",
            });
    return h("div", { class: "end-field" }, h("label", { for: id, "data-server-text": "question" }, label), control);
  };

  const collectAnswers = (): Record<string, string | string[]> => {
    const out: Record<string, string | string[]> = {};
    for (const a of category()?.attributes ?? []) {
      if (a.datatype === "multivaluelist") {
        const picked = [...answers.querySelectorAll<HTMLInputElement>(`input[name="q-${a.code}"]:checked`)].map((i) => i.value);
        if (picked.length) out[a.code] = picked;
      } else {
        const field = answers.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="q-${a.code}"]`);
        if (field?.value.trim()) out[a.code] = field.value.trim();
      }
    }
    return out;
  };

  const showPhoto = (): void => {
    fill(
      photoBox,
      photo
        ? h("img", { class: "civic-photo", src: photoUrl, alt: t("civic.photoPreviewAlt"), "data-testid": "photo-preview" })
        : null,
    );
  };

  const categoryInfo = h("div", { "data-testid": "category-info" });
  const showCategory = (): void => {
    const c = category();
    fill(
      categoryInfo,
      c
        ? [
            c.description ? h("p", { class: "muted small", "data-server-text": "category-description" }, c.description) : null,
            h("p", { class: "muted small" }, `${t("civic.department")}: `, h("span", { "data-server-text": "department" }, c.department.name)),
          ]
        : null,
    );
    fill(answers, (c?.attributes ?? []).filter((a) => a.variable).map(question));
    const photoLabel = root.querySelector("label[for=civic-photo]");
    if (photoLabel) photoLabel.textContent = c?.photo_required ? t("civic.photoRequired") : `${t("civic.photo")} ${t("civic.optional")}`;
  };

  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    error = null;
    fill(errorSlot);
    submit.disabled = true;
    submit.textContent = t("civic.sending");
    const form = new FormData();
    form.append("category", code);
    form.append("description", description.value);
    if (point) {
      form.append("lat", point.lat.toFixed(6));
      form.append("lon", point.lon.toFixed(6));
    }
    form.append("address", address.value);
    form.append("attributes", JSON.stringify(collectAnswers()));
    if (photo) form.append("photo", photo);
    if (query.get("text")) form.append("channel", "chat");
    try {
      // multipart: openapi-fetch sends FormData as it is and the browser sets the boundary
      const created = await call(
        api.POST("/api/v1/chat/requests/", {
          params: { header: { "Idempotency-Key": key } },
          body: form as unknown as CreateBody,
        }),
      );
      key = newIdempotencyKey();
      if (!disposed) navigate(`${requestPath(created.id)}?filed=1`);
    } catch (e) {
      // the same key stays: sending again after a lost answer files the request once
      error = asApiError(e);
      fill(errorSlot, errorBox(error) ?? "");
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = t("civic.submit");
    }
  };

  const render = (): void => {
    if (disposed) return;
    const title = h("h1", {}, t("civic.title"));
    const back = backLink(REQUESTS, t("civic.mine"));
    if (!session.user) {
      fill(root, back, title, civicLoginCard());
      return;
    }
    if (loadError) {
      fill(root, back, title, errorBox(loadError) ?? "");
      return;
    }
    if (!categories) {
      fill(root, back, title, h("p", { class: "muted loading" }, t("loading")));
      return;
    }
    const select = h(
      "select",
      { id: "civic-category", name: "category", required: true, "data-testid": "request-category" },
      h("option", { value: "" }, t("civic.chooseCategory")),
      categories.map((c) => h("option", { value: c.code, selected: c.code === code }, c.name)),
    );
    select.addEventListener("change", () => {
      code = select.value;
      showCategory();
    });
    const photoInput = h("input", {
      id: "civic-photo",
      name: "photo",
      type: "file",
      accept: "image/jpeg,image/png,image/webp",
      "data-testid": "request-photo-input",
      onchange: (e: Event) => {
        photo = (e.target as HTMLInputElement).files?.[0] ?? null;
        if (photoUrl) URL.revokeObjectURL(photoUrl);
        photoUrl = photo ? URL.createObjectURL(photo) : "";
        showPhoto();
      },
    });
    const form = h(
      "form",
      { class: "civic-form", "data-testid": "request-form", novalidate: true },
      h("label", { for: "civic-category" }, t("civic.category")),
      select,
      categoryInfo,
      answers,
      h(
        "fieldset",
        { class: "field-group" },
        h("legend", {}, t("civic.place")),
        h("p", { class: "muted small" }, t("civic.placeHint")),
        box,
        pointText,
        h(
          "div",
          { class: "civic-actions" },
          h(
            "button",
            {
              type: "button",
              class: "button secondary small",
              "data-testid": "use-my-location",
              onclick: async () => {
                locating = "busy";
                showPoint();
                const where = await currentPosition();
                if (disposed) return;
                locating = where ? "" : "failed";
                if (where) point = where;
                showPoint();
              },
            },
            t("civic.useMyLocation"),
          ),
          h(
            "button",
            {
              type: "button",
              class: "link",
              onclick: () => {
                point = null;
                locating = "";
                showPoint();
              },
            },
            t("civic.clearPoint"),
          ),
        ),
        h("label", { for: "civic-address" }, t("civic.address")),
        address,
      ),
      h("label", { for: "civic-description" }, t("civic.description")),
      description,
      h("label", { for: "civic-photo" }, t("civic.photo")),
      photoInput,
      h("p", { class: "muted small" }, t("civic.photoHint")),
      photoBox,
      errorSlot,
      submit,
    );
    form.addEventListener("submit", (e) => void send(e));
    fill(root, back, title, h("p", { class: "muted" }, t("civic.intro")), h("section", { class: "card" }, form));
    showCategory();
    showPoint();
    showPhoto();
    picker.start();
  };

  if (session.user) {
    void (async () => {
      try {
        categories = await call(api.GET("/api/v1/chat/requests/categories/"));
        if (code && !categories.some((c) => c.code === code)) code = "";
      } catch (e) {
        loadError = asApiError(e);
      }
      render();
    })();
  }
  render();

  return () => {
    disposed = true;
    picker.remove();
    if (photoUrl) URL.revokeObjectURL(photoUrl);
  };
}

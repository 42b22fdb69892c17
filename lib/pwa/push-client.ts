/**
 * Notifications on this device, loaded on demand by components/device-notifications.tsx: the
 * browser's permission, then a push subscription saved for this buyer (or removed).
 */
import { subscribePushAction, unsubscribePushAction } from "@/app/(buyer)/reminder-actions";
import { idle } from "@/lib/action-state";

export type DeviceState = "unsupported" | "denied" | "off" | "on";

export async function deviceState(): Promise<DeviceState> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window))
    return "unsupported";
  if (Notification.permission === "denied") return "denied";
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ? "on" : "off";
}

/** Asks for permission and subscribes; "invalid" when the server refused what the browser gave. */
export async function enablePush(vapidPublicKey: string): Promise<DeviceState | "invalid"> {
  if ((await Notification.requestPermission()) !== "granted") return "denied";
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: vapidPublicKey,
  });
  const form = new FormData();
  form.set("subscription", JSON.stringify(subscription.toJSON()));
  const result = await subscribePushAction(idle, form);
  if (result.status === "success") return "on";
  await subscription.unsubscribe();
  return "invalid";
}

export async function disablePush(): Promise<DeviceState> {
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    const form = new FormData();
    form.set("endpoint", subscription.endpoint);
    await unsubscribePushAction(idle, form);
    await subscription.unsubscribe();
  }
  return "off";
}

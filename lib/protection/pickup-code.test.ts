import { describe, expect, it } from "vitest";
import { parsePickupNotice } from "./pickup-code";

type Row = [text: string, code: string | null, station: string | null];

const WITH_CODE: Row[] = [
  ["【菜鸟驿站】您的包裹已到文三路88号菜鸟驿站，取件码 5-2-1234，请在18:00前取件。", "5-2-1234", "菜鸟驿站"],
  ["【菜鸟驿站】您的中通包裹已到西溪花园菜鸟驿站，请凭6-3-1023及时取件，咨询0571-88886666", "6-3-1023", "菜鸟驿站"],
  ["凭取件码 8841 取件", "8841", null],
  ["Your parcel is ready, pickup code 7731", "7731", null],
  [
    "Your parcel from SF Express is ready at Cainiao Station. Pick-up code: A12-3-4567.",
    "A12-3-4567",
    "Cainiao Station",
  ],
  ["【妈妈驿站】您的快递已到达阳光小区妈妈驿站，取件码88-1-2345，营业时间8:00-21:00", "88-1-2345", "妈妈驿站"],
  ["【兔喜生活】取件码：3-1-2011，您的韵达快递已到兔喜生活(翠苑店)，尾号0421", "3-1-2011", "兔喜生活"],
  ["【丰巢】凭取件码「12345678」至翠苑一区丰巢智能柜取件，运单号YT1234567890123", "12345678", "丰巢"],
  ["【速递易】您的快递已存入速递易快递柜，取件密码：654321，请24小时内取件", "654321", "速递易"],
  ["【中通快递超市】请凭取件码 A3-2-0615 到店取件，联系电话13900001111", "A3-2-0615", "中通快递超市"],
  ["您的包裹已到站，提货码为：B0615，请尽快领取", "B0615", null],
  ["【菜鸟驿站】取货码 12-4-3301，包裹SF1234567890123已到站", "12-4-3301", "菜鸟驿站"],
  ["【菜鸟驿站】您有2个包裹，取件码 5-2-1234、5-2-1235，请及时领取", "5-2-1234, 5-2-1235", "菜鸟驿站"],
  ["【菜鸟驿站】取件码：５－２－１２３４（全角）", "5-2-1234", "菜鸟驿站"],
  ["[Hive Box] Your package is in locker 12 at Wensan Rd. Pickup code is 930215.", "930215", "Hive Box"],
  ["【京东快递】您的订单已由京东快递送达楼下快递柜，开箱码 402817", "402817", "京东快递"],
  ["【菜鸟驿站】您的包裹已到驿站，货架号 7-1-0088，凭码取件", "7-1-0088", "菜鸟驿站"],
  ["Parcel waiting at the front desk, collection code a5-1-2233", "A5-1-2233", null],
];

const WITHOUT_CODE: Row[] = [
  ["【菜鸟驿站】您尾号0421的包裹已到站，请及时领取，联系电话13900001111", null, "菜鸟驿站"],
  ["【中通快递】您的快件YT1234567890123正在派送中，快递员电话15800003333", null, "中通快递"],
  ["您好，我是蓝鲸数码客服，麻烦给个好评，谢谢！13900001111", null, null],
  ["您的验证码是 482913，5分钟内有效", null, null],
  ["【顺丰速运】您的快递SF1234567890123已签收，如有疑问请致电95338", null, "顺丰速运"],
  ["Your order 20240512000123456 has shipped, tracking SF1234567890123", null, null],
  ["取件码请咨询驿站 0571-88886666", null, null],
  ["【菜鸟驿站】包裹已于2024-05-12到站，营业时间 09:00-21:00", null, "菜鸟驿站"],
  ["Delivery attempted at 10:30, call 400-123-4567 to reschedule", null, null],
  ["", null, null],
  ["明天下午三点送货上门，请保持电话畅通", null, null],
  ["【菜鸟驿站】您的包裹已到站，取件码已发送至App", null, "菜鸟驿站"],
];

describe("parsePickupNotice", () => {
  it.each(WITH_CODE)("finds the code in %s", (text, code, station) => {
    const notice = parsePickupNotice(text);
    expect({ codes: notice.codes.join(", "), station: notice.station, kind: notice.kind }).toEqual({
      codes: code,
      station,
      kind: "arrived",
    });
  });

  it.each(WITHOUT_CODE)("takes no code from %s", (text, _code, station) => {
    const notice = parsePickupNotice(text);
    expect({ codes: notice.codes, station: notice.station }).toEqual({ codes: [], station });
  });

  it("never takes a phone number or a tracking number, whatever surrounds it", () => {
    for (const noise of ["13900001111", "+8613900001111", "SF1234567890123", "YT1234567890", "20240512000123456"]) {
      for (const template of ["取件码 %", "凭 % 取件", "pickup code %", "【菜鸟驿站】包裹 % 已到站"]) {
        expect(parsePickupNotice(template.replace("%", noise)).codes).toEqual([]);
      }
    }
  });
});

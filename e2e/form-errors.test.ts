// A shopper who gets every form wrong before getting it right: the account
// forms (registration, email verification, profile, password change,
// address, forgotten password, password reset and sign-in), then the cart's
// quantity and the checkout's delivery address. Each form is sent empty,
// with values that are too long and with values in the wrong format. Every
// error shows next to its field and in the summary at the top, and every
// value the browser sent but a password comes back, so fixing one field
// never means typing the others again. Run with JavaScript on and off.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildAccount,
  register,
  registrationLabels,
  signOut,
} from "./support/accounts.js";
import {
  cardLabels,
  addressLabels,
  addToCart,
  cartCount,
  fillInCard,
  testCards,
} from "./support/checkout.js";
import { expectFormErrors } from "./support/forms.js";
import {
  javaScriptModes,
  runJourney,
  type Shopper,
} from "./support/journey.js";
import { findCode, findLink, startShop } from "./support/shop.js";

const shop = await startShop();

/** Returns a value one character longer than the API's limit of `limit`. */
function tooLong(limit: number): string {
  return "x".repeat(limit + 1);
}

/** An email address longer than the 320 characters an address may have. */
const tooLongEmail = `${"x".repeat(320)}@example.com`;
/** Longer than any phone number, and over the 40-character limit. */
const tooLongPhone = `+44 ${"7".repeat(40)}`;

/** Labels of fields whose values the page must never send back. */
const secretLabels = new Set([
  "Password",
  "Current password",
  "New password",
  "Card number",
  "Security code",
]);

type ExpectedErrors = ReadonlyArray<readonly [label: string, message: RegExp]>;

/**
 * Types `values` (label to value, or to the option's value for a select)
 * and sends the form with `button`. Checks that the page comes back with
 * status 400 and exactly the `errors`, and keeps every value the browser
 * sent except passwords.
 */
async function sendWithErrors(
  shopper: Shopper,
  button: string,
  values: Readonly<Record<string, string>>,
  errors: ExpectedErrors,
): Promise<void> {
  const sent: Record<string, string> = {};
  for (const [label, value] of Object.entries(values)) {
    sent[label] = await typeValue(shopper, label, value);
  }
  await shopper.pressButton(button, {
    within: shopper.page.locator("main"),
    status: 400,
  });
  await expectFormErrors(shopper, errors);
  for (const [label, value] of Object.entries(sent)) {
    const kept = await shopper.field(label).inputValue();
    const expected = secretLabels.has(label) ? "" : value;
    assert.equal(kept, expected, `value of "${label}" after the error`);
  }
}

/**
 * Enters `value` into the field labelled `label`: chooses the option of a
 * select, types into a number field key by key as a person does, and fills
 * in any other field. Returns the value the browser will send, which for a
 * number field holding letters is empty.
 */
async function typeValue(
  shopper: Shopper,
  label: string,
  value: string,
): Promise<string> {
  const field = shopper.field(label);
  const kind = await field.evaluate((element) =>
    element instanceof HTMLInputElement ? element.type : element.tagName,
  );
  if (kind === "SELECT") await field.selectOption(value);
  else if (kind === "number") {
    await field.fill("");
    await field.pressSequentially(value);
  } else await field.fill(value);
  return field.inputValue();
}

async function getEveryFormWrongFirst(shopper: Shopper): Promise<void> {
  const account = buildAccount({ first_name: "Grace", last_name: "Hopper" });
  let password = account.password;

  await shopper.step("opens the registration form", async () => {
    await shopper.visit("/");
    await shopper.followLink("Register", {
      within: shopper.accountNavigation(),
    });
  });

  await shopper.step("sends it with only a first name", async () => {
    await sendWithErrors(shopper, "Create account", { "First name": "Grace" }, [
      ["Email address", /^Enter your email address$/],
      ["Password", /^Enter a password$/],
    ]);
  });

  await shopper.step(
    "types names and a phone number that are too long",
    async () => {
      await sendWithErrors(
        shopper,
        "Create account",
        {
          "First name": tooLong(100),
          "Last name": tooLong(100),
          "Email address": account.email,
          "Phone number (optional)": tooLongPhone,
          Password: password,
        },
        [
          ["First name", /^First name must be at most 100 characters long/],
          ["Last name", /^Last name must be at most 100 characters long/],
          [
            "Phone number (optional)",
            /^Phone number must be at most 40 characters long/,
          ],
        ],
      );
    },
  );

  await shopper.step(
    "types an email, username, phone and password in the wrong format",
    async () => {
      await sendWithErrors(
        shopper,
        "Create account",
        {
          "First name": account.first_name,
          "Last name": account.last_name,
          "Email address": "grace.example.com",
          "Username (optional)": "g h",
          "Phone number (optional)": "12",
          Password: "short",
        },
        [
          ["Email address", /^Email address must be an email address/],
          ["Username (optional)", /^Username must be 3 to 30 letters/],
          [
            "Phone number (optional)",
            /^Phone number must be a valid phone number/,
          ],
          ["Password", /^Password must be at least 8 characters long/],
        ],
      );
    },
  );

  await shopper.step(
    "corrects only the wrong fields and creates the account",
    async () => {
      await shopper.fillIn(registrationLabels.email, account.email);
      await shopper.fillIn(registrationLabels.username, account.username);
      await shopper.fillIn(registrationLabels.phone, account.phone);
      await shopper.fillIn(registrationLabels.password, password);
      await shopper.pressButton("Create account");
      await shopper.expectHeading("Your account");
      // The names typed two attempts ago were kept all along.
      assert.equal(await shopper.signedInName(), "Grace Hopper");
    },
  );

  await shopper.step(
    "enters no code, a long one and letters to verify the email",
    async () => {
      await shopper.followLink("Verify your email address");
      await shopper.expectHeading("Verify your email address");
      await sendWithErrors(shopper, "Verify", { Code: "" }, [
        ["Code", /^Enter the 6-digit code from the message$/],
      ]);
      await sendWithErrors(shopper, "Verify", { Code: tooLong(32) }, [
        ["Code", /^Code must be at most 32 characters long/],
      ]);
      await sendWithErrors(shopper, "Verify", { Code: "abcdef" }, [
        ["Code", /^Code must be the 6 digits from the message/],
      ]);
    },
  );

  await shopper.step("enters the code from the email", async () => {
    const mail = await shop.readMail(account.email, /^Verify your email/);
    await shopper.fillIn("Code", findCode(mail.text));
    await shopper.pressButton("Verify", {
      within: shopper.page.locator("main"),
    });
    await shopper.expectHeading("Your account");
    assert.deepEqual(await shopper.flashMessages(), [
      "Your email address has been verified.",
    ]);
  });

  await shopper.step("empties the email address of the profile", async () => {
    await shopper.followLink("Edit your profile");
    await shopper.expectHeading("Your profile");
    await sendWithErrors(shopper, "Save changes", { "Email address": "" }, [
      ["Email address", /^Enter your email address$/],
    ]);
  });

  await shopper.step("types a profile that is too long", async () => {
    await sendWithErrors(
      shopper,
      "Save changes",
      {
        "First name": tooLong(100),
        "Last name": tooLong(100),
        "Phone number (optional)": tooLongPhone,
        "Email address": tooLongEmail,
      },
      [
        ["First name", /^First name must be at most 100 characters long/],
        ["Last name", /^Last name must be at most 100 characters long/],
        [
          "Phone number (optional)",
          /^Phone number must be at most 40 characters long/,
        ],
        ["Email address", /^Email address must be at most 320 characters long/],
      ],
    );
  });

  await shopper.step(
    "types a username, phone and email in the wrong format",
    async () => {
      await sendWithErrors(
        shopper,
        "Save changes",
        {
          "First name": account.first_name,
          "Last name": "Murray Hopper",
          "Username (optional)": "g h",
          "Phone number (optional)": "12",
          "Email address": account.email,
        },
        [
          ["Username (optional)", /^Username must be 3 to 30 letters/],
          [
            "Phone number (optional)",
            /^Phone number must be a valid phone number/,
          ],
        ],
      );
      await sendWithErrors(
        shopper,
        "Save changes",
        {
          "Username (optional)": account.username,
          "Phone number (optional)": account.phone,
          "Email address": "grace.example.com",
        },
        [["Email address", /^Email address must be an email address/]],
      );
    },
  );

  await shopper.step(
    "corrects the email address and saves the profile",
    async () => {
      await shopper.fillIn("Email address", account.email);
      await shopper.pressButton("Save changes");
      await shopper.expectHeading("Your account");
      assert.equal(await shopper.signedInName(), "Grace Murray Hopper");
    },
  );

  await shopper.step(
    "sends the password change form empty, too long and wrong",
    async () => {
      await shopper.followLink("Change your password");
      await shopper.expectHeading("Change your password");
      await sendWithErrors(shopper, "Change password", {}, [
        ["Current password", /^Enter your current password$/],
        ["New password", /^Enter a new password$/],
      ]);
      await sendWithErrors(
        shopper,
        "Change password",
        { "Current password": password, "New password": tooLong(1024) },
        [
          [
            "New password",
            /^New password must be at most 1024 characters long/,
          ],
        ],
      );
      await sendWithErrors(
        shopper,
        "Change password",
        { "Current password": password, "New password": "short" },
        [["New password", /^New password must be at least 8 characters long/]],
      );
      await sendWithErrors(
        shopper,
        "Change password",
        {
          "Current password": "not my password",
          "New password": `${password}!`,
        },
        [["Current password", /^Current password is wrong/]],
      );
    },
  );

  await shopper.step("changes the password", async () => {
    const newPassword = `${password} changed`;
    await shopper.fillIn("Current password", password);
    await shopper.fillIn("New password", newPassword);
    await shopper.pressButton("Change password");
    await shopper.expectHeading("Your account");
    password = newPassword;
  });

  await shopper.step("sends an empty address", async () => {
    await shopper.followLink("Your addresses");
    await shopper.followLink("Add an address");
    await shopper.expectHeading("Add an address");
    await sendWithErrors(shopper, "Save the address", {}, [
      ["Full name", /^Enter the full name of the recipient$/],
      ["Address line 1", /^Enter the first line of the address$/],
      ["Town or city", /^Enter the town or city$/],
      ["Postcode or ZIP code", /^Enter the postcode or ZIP code$/],
      ["Country", /^Choose a country$/],
    ]);
  });

  await shopper.step("types an address that is too long", async () => {
    await sendWithErrors(
      shopper,
      "Save the address",
      {
        "Full name": tooLong(100),
        "Address line 1": tooLong(200),
        "Address line 2 (optional)": tooLong(200),
        "Town or city": tooLong(100),
        "County, state or province (optional)": tooLong(100),
        "Postcode or ZIP code": tooLong(20),
        Country: "GB",
        "Phone number for the carrier (optional)": tooLongPhone,
      },
      [
        ["Full name", /^Full name must be at most 100 characters long/],
        ["Address line 1", /^Address line 1 must be at most 200 characters/],
        [
          "Address line 2 (optional)",
          /^Address line 2 must be at most 200 characters/,
        ],
        ["Town or city", /^Town or city must be at most 100 characters/],
        [
          "County, state or province (optional)",
          /^County, state or province must be at most 100 characters/,
        ],
        [
          "Postcode or ZIP code",
          /^Postcode or ZIP code must be at most 20 characters/,
        ],
        [
          "Phone number for the carrier (optional)",
          /^Phone number must be at most 40 characters long/,
        ],
      ],
    );
  });

  await shopper.step("types a phone number in the wrong format", async () => {
    await sendWithErrors(
      shopper,
      "Save the address",
      {
        "Full name": "Grace Hopper",
        "Address line 1": "1 Navy Yard",
        "Address line 2 (optional)": "",
        "Town or city": "Arlington",
        "County, state or province (optional)": "",
        "Postcode or ZIP code": "SW1A 1AA",
        "Phone number for the carrier (optional)": "12",
      },
      [
        [
          "Phone number for the carrier (optional)",
          /^Phone number must be a valid phone number/,
        ],
      ],
    );
  });

  await shopper.step(
    "corrects the phone number and saves the address",
    async () => {
      await shopper.fillIn(
        "Phone number for the carrier (optional)",
        account.phone,
      );
      await shopper.pressButton("Save the address");
      await shopper.expectHeading("Your addresses");
      const saved = shopper.page.locator(".address-list__item");
      assert.equal(await saved.count(), 1);
      const text = await saved.innerText();
      for (const part of [
        "Grace Hopper",
        "1 Navy Yard",
        "Arlington",
        "SW1A 1AA",
      ]) {
        assert.ok(text.includes(part), `"${part}" in ${text}`);
      }
    },
  );

  await shopper.step(
    "signs out and asks for a reset link without a valid address",
    async () => {
      await signOut(shopper);
      await shopper.followLink("Sign in", {
        within: shopper.accountNavigation(),
      });
      await shopper.followLink("Forgot your password?");
      await sendWithErrors(shopper, "Send the link", { "Email address": "" }, [
        ["Email address", /^Enter your email address$/],
      ]);
      await sendWithErrors(
        shopper,
        "Send the link",
        { "Email address": tooLongEmail },
        [
          [
            "Email address",
            /^Email address must be at most 320 characters long/,
          ],
        ],
      );
      await sendWithErrors(
        shopper,
        "Send the link",
        { "Email address": "grace.example.com" },
        [["Email address", /^Enter an email address in the correct format/]],
      );
    },
  );

  await shopper.step("asks for the link with the right address", async () => {
    await shopper.fillIn("Email address", account.email);
    await shopper.pressButton("Send the link");
    await shopper.expectHeading("Check your email");
  });

  await shopper.step(
    "chooses new passwords that are empty, too long, short or the email address",
    async () => {
      const mail = await shop.readMail(account.email, /^Reset your password/);
      await shopper.visit(findLink(mail.text, "/reset-password").href);
      await shopper.expectHeading("Choose a new password");
      await sendWithErrors(shopper, "Change password", {}, [
        ["New password", /^Enter a new password$/],
      ]);
      await sendWithErrors(
        shopper,
        "Change password",
        { "New password": tooLong(1024) },
        [
          [
            "New password",
            /^New password must be at most 1024 characters long/,
          ],
        ],
      );
      await sendWithErrors(
        shopper,
        "Change password",
        { "New password": "short" },
        [["New password", /^New password must be at least 8 characters long/]],
      );
      await sendWithErrors(
        shopper,
        "Change password",
        { "New password": account.email },
        [["New password", /^New password must not be your email address/]],
      );
    },
  );

  await shopper.step("chooses a good new password", async () => {
    password = `${password} reset`;
    await shopper.fillIn("New password", password);
    await shopper.pressButton("Change password");
    await shopper.expectHeading("Sign in");
  });

  await shopper.step(
    "sends the sign-in form empty, too long and with a wrong password",
    async () => {
      await sendWithErrors(shopper, "Sign in", {}, [
        [
          "Email, username or phone number",
          /^Enter your email address, username or phone number$/,
        ],
        ["Password", /^Enter your password$/],
      ]);
      await sendWithErrors(
        shopper,
        "Sign in",
        {
          "Email, username or phone number": tooLong(320),
          Password: tooLong(1024),
        },
        [
          [
            "Email, username or phone number",
            /^Email, username or phone number must be at most 320 characters/,
          ],
          ["Password", /^Password must be at most 1024 characters long/],
        ],
      );
      await sendWithErrors(
        shopper,
        "Sign in",
        {
          "Email, username or phone number": account.username,
          Password: account.password,
        },
        [["Password", /^The login or the password is wrong/]],
      );
    },
  );

  await shopper.step(
    "signs in with the kept username and the new password",
    async () => {
      await shopper.fillIn("Password", password);
      await shopper.pressButton("Sign in", {
        within: shopper.page.locator("main"),
      });
      await shopper.expectHeading("Your account");
      assert.equal(await shopper.signedInName(), "Grace Murray Hopper");
    },
  );
}

/** The quantity field of the T-shirt's line on the cart page. */
const tShirtQuantityLabel =
  "Quantity of Everyday Crew T-shirt, Size: M, Color: Navy";
const tShirtUpdateButton = "Update the quantity of Everyday Crew T-shirt";

async function getTheCheckoutFormsWrongFirst(shopper: Shopper): Promise<void> {
  const account = buildAccount({ first_name: "Dorothy", last_name: "Vaughan" });

  await shopper.step("registers and opens the T-shirt", async () => {
    await shopper.visit("/");
    await register(shopper, account);
    await shopper.visit("/p/everyday-crew-t-shirt?variant=BZ-TSH-01-M-NAVY");
  });

  await shopper.step(
    "types 0 and then 100 as the quantity to add",
    async () => {
      for (const quantity of ["0", "100"]) {
        await sendWithErrors(shopper, "Add to cart", { Quantity: quantity }, [
          ["Quantity", /^Enter a whole number from 1 to 99$/],
        ]);
      }
      assert.equal(await cartCount(shopper), 0, "nothing was added");
    },
  );

  await shopper.step("puts 2 T-shirts in the cart", async () => {
    await addToCart(shopper, 2);
    await shopper.followLink(/^Cart/);
    await shopper.expectHeading("Your cart");
  });

  await shopper.step("types letters as the quantity", async () => {
    // A number field takes no letters, so the browser sends it empty.
    await sendWithErrors(
      shopper,
      tShirtUpdateButton,
      { [tShirtQuantityLabel]: "abc" },
      [[tShirtQuantityLabel, /^Enter a quantity$/]],
    );
  });

  await shopper.step("types 100 and then 1.5 as the quantity", async () => {
    await sendWithErrors(
      shopper,
      tShirtUpdateButton,
      { [tShirtQuantityLabel]: "100" },
      [[tShirtQuantityLabel, /^Enter a whole number from 0 to 99$/]],
    );
    await sendWithErrors(
      shopper,
      tShirtUpdateButton,
      { [tShirtQuantityLabel]: "1.5" },
      [[tShirtQuantityLabel, /^Enter a whole number from 0 to 99$/]],
    );
    assert.equal(await cartCount(shopper), 2, "the cart is unchanged");
  });

  await shopper.step("sends an empty delivery address", async () => {
    await shopper.visit("/cart");
    await shopper.followLink("Check out");
    await shopper.expectHeading("Delivery address");
    await sendWithErrors(shopper, "Continue", {}, [
      [addressLabels.name, /^Enter the full name of the recipient$/],
      [addressLabels.line1, /^Enter the first line of the address$/],
      [addressLabels.city, /^Enter the town or city$/],
      [addressLabels.postal_code, /^Enter the postcode or ZIP code$/],
      [addressLabels.country, /^Choose a country$/],
    ]);
  });

  await shopper.step("types a delivery address that is too long", async () => {
    await sendWithErrors(
      shopper,
      "Continue",
      {
        [addressLabels.name]: tooLong(100),
        [addressLabels.line1]: tooLong(200),
        [addressLabels.line2]: tooLong(200),
        [addressLabels.city]: tooLong(100),
        [addressLabels.region]: tooLong(100),
        [addressLabels.postal_code]: tooLong(20),
        [addressLabels.country]: "GB",
        [addressLabels.phone]: tooLongPhone,
      },
      [
        [addressLabels.name, /^Full name must be 100 characters or fewer$/],
        [
          addressLabels.line1,
          /^Address line 1 must be 200 characters or fewer$/,
        ],
        [
          addressLabels.line2,
          /^Address line 2 must be 200 characters or fewer$/,
        ],
        [addressLabels.city, /^Town or city must be 100 characters or fewer$/],
        [
          addressLabels.region,
          /^County, state or province must be 100 characters or fewer$/,
        ],
        [
          addressLabels.postal_code,
          /^Postcode or ZIP code must be 20 characters or fewer$/,
        ],
        [addressLabels.phone, /^Phone number must be 40 characters or fewer$/],
      ],
    );
  });

  await shopper.step("types a phone number without the +", async () => {
    await sendWithErrors(
      shopper,
      "Continue",
      {
        [addressLabels.name]: "Dorothy Vaughan",
        [addressLabels.line1]: "1 Langley Boulevard",
        [addressLabels.line2]: "",
        [addressLabels.city]: "Hampton",
        [addressLabels.region]: "Virginia",
        [addressLabels.postal_code]: "23681",
        [addressLabels.country]: "US",
        [addressLabels.phone]: "757 555 0100",
      },
      [
        [
          addressLabels.phone,
          /^Enter the phone number in international format, starting with \+/,
        ],
      ],
    );
  });

  await shopper.step(
    "gives a phone number the API rejects when the order is placed",
    async () => {
      await shopper.fillIn(addressLabels.phone, "+1 2");
      await shopper.pressButton("Continue");
      await shopper.expectHeading("Shipping");
      await shopper.pressButton("Continue");
      await shopper.page
        .getByRole("radio", { name: "Card", exact: true })
        .check();
      await shopper.pressButton("Continue");
      await shopper.expectHeading("Review and place your order");
      await fillInCard(shopper, testCards.accepted);
      await shopper.pressButton("Place order", { status: 400 });
      await shopper.expectHeading("Delivery address");
      await expectFormErrors(shopper, [
        [addressLabels.phone, /^Phone number must be a valid phone number/],
      ]);
      // The address typed two pages ago comes back whole.
      assert.equal(
        await shopper.field(addressLabels.phone).inputValue(),
        "+1 2",
      );
      assert.equal(
        await shopper.field(addressLabels.line1).inputValue(),
        "1 Langley Boulevard",
      );
      assert.equal(await cartCount(shopper), 2, "no order was placed");
    },
  );

  await shopper.step(
    "corrects the phone number and returns to the review",
    async () => {
      await shopper.fillIn(addressLabels.phone, "+1 757 555 0100");
      await shopper.pressButton("Continue");
      await shopper.expectHeading("Review and place your order");
      const review = await shopper.page.locator("main").innerText();
      assert.ok(review.includes("+1 757 555 0100"), "the phone on the review");
    },
  );

  await shopper.step("places the order without the card details", async () => {
    await sendWithErrors(
      shopper,
      "Place order",
      {
        [cardLabels.number]: "",
        [cardLabels.expiryMonth]: "",
        [cardLabels.expiryYear]: "",
        [cardLabels.cvc]: "",
      },
      [
        [cardLabels.number, /^Enter the card number$/],
        [cardLabels.expiryMonth, /^Enter the expiry month$/],
        [cardLabels.expiryYear, /^Enter the expiry year$/],
        [cardLabels.cvc, /^Enter the security code$/],
      ],
    );
  });

  await shopper.step("types card details in the wrong format", async () => {
    await sendWithErrors(
      shopper,
      "Place order",
      {
        [cardLabels.number]: "4242",
        [cardLabels.expiryMonth]: "13",
        [cardLabels.expiryYear]: "99",
        [cardLabels.cvc]: "1",
      },
      [
        [cardLabels.number, /^Enter a card number of 12 to 19 digits$/],
        [
          cardLabels.expiryMonth,
          /^Enter the expiry month as a number from 1 to 12$/,
        ],
        [cardLabels.expiryYear, /^Enter the expiry year as 4 digits/],
        [cardLabels.cvc, /^Enter the 3 or 4 digit security code$/],
      ],
    );
    assert.equal(await cartCount(shopper), 2, "no order was placed");
  });
}

describe("bad input on the account forms", () => {
  for (const mode of javaScriptModes) {
    test(`every account form wrong, then right, ${mode.label}`, (t) =>
      runJourney(t, shop, mode, getEveryFormWrongFirst));
  }
});

describe("bad input on the cart and checkout forms", () => {
  for (const mode of javaScriptModes) {
    test(`cart quantity and delivery address wrong, then right, ${mode.label}`, (t) =>
      runJourney(t, shop, mode, getTheCheckoutFormsWrongFirst));
  }
});

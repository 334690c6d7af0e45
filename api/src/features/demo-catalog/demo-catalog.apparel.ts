import type { DemoGroup } from "./demo-catalog.types.js";

const sizes = ["S", "M", "L", "XL"];

export const apparelGroups: DemoGroup[] = [
  {
    category: "Apparel/T-shirts",
    image: "t-shirt.svg",
    brand: "Harbour Cotton",
    skuCode: "TSH",
    items: [
      {
        name: "Everyday Crew T-shirt",
        price: "18.00",
        description:
          "A soft organic cotton crew neck for every day.\nPre-shrunk, so it keeps its shape wash after wash.",
        tags: ["t-shirt", "cotton", "basics"],
        sizes,
        colors: ["White", "Navy"],
      },
      {
        name: "Heavyweight Pocket T-shirt",
        price: "24.50",
        description:
          "Thick 220 g/m² jersey with a chest pocket and a relaxed fit.",
        tags: ["t-shirt", "heavyweight"],
        sizes,
        colors: ["Sand", "Black"],
        soldOut: ["XL"],
      },
      {
        name: "Striped Breton T-shirt",
        price: "29.00",
        description:
          "The sailor classic: navy stripes on ecru, a boat neck and three-quarter sleeves.",
        tags: ["t-shirt", "stripes"],
        sizes,
        colors: ["Ecru"],
      },
      {
        name: "Linen Blend T-shirt",
        price: "34.00",
        description:
          "Linen and cotton for hot days: light, breathable and quick to dry.",
        tags: ["t-shirt", "linen", "summer"],
        sizes,
        colors: ["Olive", "Stone"],
      },
      {
        name: "Long Sleeve Waffle T-shirt",
        price: "32.50",
        description:
          "A waffle-knit long sleeve that layers under a shirt or a hoodie.",
        tags: ["t-shirt", "long sleeve"],
        sizes,
        colors: ["Oat"],
      },
      {
        name: "Graphic Mountain T-shirt",
        price: "22.00",
        description:
          "A printed mountain skyline in water-based ink on a faded blue tee.",
        tags: ["t-shirt", "graphic"],
        sizes,
        colors: ["Faded Blue"],
        stock: 0,
      },
      {
        name: "V-neck Modal T-shirt",
        price: "26.00",
        description:
          "Silky modal with a clean V neck. Drapes well, never clings.",
        tags: ["t-shirt", "modal"],
        sizes,
        colors: ["Charcoal", "White"],
      },
      {
        name: "Kids' Rainbow T-shirt",
        price: "12.50",
        description:
          "A bright rainbow print for small people. Soft seams, no itchy labels.",
        tags: ["t-shirt", "kids"],
        sizes: ["3-4Y", "5-6Y", "7-8Y"],
        colors: ["White"],
      },
      {
        name: "Ringer T-shirt",
        price: "21.00",
        description: "Contrast collar and cuffs, as in the seventies.",
        tags: ["t-shirt", "retro"],
        sizes,
        colors: ["White/Red"],
      },
      {
        name: "Merino Travel T-shirt",
        price: "56.99",
        description:
          "Fine merino wool that stays fresh for days. Made for long trips and small bags.",
        tags: ["t-shirt", "merino", "travel"],
        sizes,
        colors: ["Black", "Forest"],
      },
    ],
  },
  {
    category: "Apparel/Hoodies",
    image: "hoodie.svg",
    brand: "Harbour Cotton",
    skuCode: "HOD",
    items: [
      {
        name: "Classic Pullover Hoodie",
        price: "48.00",
        description:
          "Brushed-back fleece, a lined hood and a kangaroo pocket.\nThe hoodie you will wear most.",
        tags: ["hoodie", "fleece"],
        sizes,
        colors: ["Grey Marl"],
      },
      {
        name: "Zip-through Hoodie",
        price: "54.00",
        description: "A full-length zip, ribbed cuffs and two side pockets.",
        tags: ["hoodie", "zip"],
        sizes,
        colors: ["Navy"],
        soldOut: ["S"],
      },
      {
        name: "Oversized Garment-dyed Hoodie",
        price: "62.00",
        description:
          "Dyed after sewing for a soft, lived-in colour. Dropped shoulders, roomy fit.",
        tags: ["hoodie", "oversized"],
        sizes,
        colors: ["Clay"],
      },
      {
        name: "Lightweight Summer Hoodie",
        price: "39.90",
        description: "Thin loopback cotton for cool evenings by the sea.",
        tags: ["hoodie", "summer"],
        sizes,
        colors: ["Sky"],
      },
      {
        name: "Recycled Fleece Hoodie",
        price: "58.00",
        description:
          "Made from recycled bottles. Warm, light, and easy on the planet.",
        tags: ["hoodie", "recycled"],
        sizes,
        colors: ["Moss"],
        stock: 0,
      },
      {
        name: "Kids' Bear Ears Hoodie",
        price: "27.50",
        description: "A cosy hoodie with little bear ears on the hood.",
        tags: ["hoodie", "kids"],
        sizes: ["3-4Y", "5-6Y", "7-8Y"],
        colors: ["Brown"],
      },
      {
        name: "Quarter-zip Sweatshirt",
        price: "49.00",
        description:
          "A stand-up collar with a short zip, smart enough for work.",
        tags: ["sweatshirt", "zip"],
        sizes,
        colors: ["Black"],
      },
      {
        name: "Heritage Varsity Hoodie",
        price: "66.00",
        description: "Heavy fleece with a felt letter on the chest.",
        tags: ["hoodie", "varsity"],
        sizes,
        colors: ["Burgundy"],
      },
    ],
  },
];
